// IPC channel names; one invoke channel for every call (the contract names the call).
export const CALL_CHANNEL = 'modelcrate:call';
export const EVENT_CHANNEL_PREFIX = 'modelcrate:event:';
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True for our own renderer's URLs. Compares scheme and host, not URL.origin: Node's URL reports
 * origin "null" for schemes it does not know, even ones Electron registered as standard.
 */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
