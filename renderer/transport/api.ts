import type { StudioApi } from '../../shared/api';
import { TOKEN_PARAM, WS_PATH } from '../../shared/ws-protocol';
import { IpcClient } from './ipc-client';
import { tokenFromSearch } from './token';
import { WsClient } from './ws-client';

let instance: StudioApi | null = null;

/**
 * The one way the renderer reaches the services: the Electron preload's bridge when present,
 * otherwise a WebSocket to the host that served this page.
 */
export function getApi(): StudioApi {
  if (instance) return instance;
  const bridge = window.modelcrate;
  if (bridge) return (instance = new IpcClient(bridge));
  // Without ?token= the host may still know us by the session cookie it set on the first visit.
  const client = new WsClient({ url: wsUrl(location, tokenFromSearch(location.search)) });
  client.connect();
  return (instance = client);
}

/** The token in this page's URL; null under Electron or when the URL has none. */
export function pageToken(): string | null {
  return window.modelcrate ? null : tokenFromSearch(location.search);
}

export function wsUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${WS_PATH}${token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : ''}`;
}

export function isDesktop(api: StudioApi): api is IpcClient {
  return api instanceof IpcClient;
}

export function webClientOf(api: StudioApi): WsClient | null {
  return api instanceof WsClient ? api : null;
}

/** Tests (and stories) swap the transport; pass null to rebuild it from the page on next use. */
export function setApiForTests(api: StudioApi | null): void {
  instance = api;
}
