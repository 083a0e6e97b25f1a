import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, Events } from '../shared/contract';
import { toErrorData, type ErrorData, type Result } from '../shared/errors';
import { decodeFrame, encodeFrame } from '../shared/wire-frame';
import { DOWNLOAD_PATH, MAX_WS_MESSAGE_BYTES, UPLOAD_PATH, WS_PATH, wsRequestSchema, type WsServerMessage } from '../shared/ws-protocol';
import { dispatch } from '../core/dispatch';
import type { Studio } from '../core/studio';
import { HostGuard, newToken } from './security';
import { serveStatic } from './static-files';
import { sendDownload } from './download';

export interface WebHostOptions {
  studio: Studio;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the renderer and the contract over a WebSocket on 127.0.0.1 only.
 * Same handlers as Electron IPC (through dispatch), so e2e tests drive the real services.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? newToken();
  const rendererDir = path.resolve(opts.rendererDir);
  const clients = new Set<WebSocket>();
  let guard: HostGuard | undefined;

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err) => sendJson(res, 500, { ok: false, error: toErrorData(err) }));
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (!url) return sendError(res, 400, { code: 'INVALID_REQUEST', message: 'The request URL does not parse.' });
    if (!guard!.hostOk(req))
      return sendError(res, 403, {
        code: 'FORBIDDEN',
        message: 'Unexpected Host header.',
        hint: 'Open the URL printed by `modelcrate studio --web` (127.0.0.1).',
      });
    if (!guard!.originOk(req)) return sendError(res, 403, { code: 'FORBIDDEN', message: 'Requests from other sites are refused.' });
    if (!guard!.tokenOk(req, url)) {
      return sendError(res, 401, {
        code: 'FORBIDDEN',
        message: 'Missing or wrong access token.',
        hint: 'Open the full URL printed by `modelcrate studio --web`, including ?token=….',
      });
    }
    // Past this point the path is decoded and the query names files, so a stray % or a cut-off
    // UTF-8 sequence is refused here rather than thrown (path) or turned into U+FFFD (query).
    if (!wellEncoded(url.pathname) || !wellEncoded(url.search)) {
      return sendError(res, 400, {
        code: 'INVALID_REQUEST',
        message: 'The URL has a malformed percent-encoding.',
        hint: 'Escape each byte as % and two hex digits, and encode names as UTF-8 (encodeURIComponent).',
      });
    }
    if (url.pathname.startsWith(DOWNLOAD_PATH)) {
      if (req.method !== 'GET') return sendError(res, 405, { code: 'INVALID_REQUEST', message: 'Downloads use GET.' });
      let file: string;
      try {
        file = opts.studio.written.pathOf(decodeURIComponent(url.pathname.slice(DOWNLOAD_PATH.length)));
      } catch (err) {
        return sendError(res, 404, toErrorData(err));
      }
      return sendDownload(file, res);
    }
    if (url.pathname === UPLOAD_PATH) {
      if (req.method !== 'POST') return sendError(res, 405, { code: 'INVALID_REQUEST', message: 'Uploads use POST.' });
      if (!opts.studio.uploads) return sendError(res, 404, { code: 'NOT_SUPPORTED', message: 'Uploads are not enabled.' });
      const receipt = await opts.studio.uploads
        .receive(req, url.searchParams.get('name') ?? '', url.searchParams.get('uploadId') ?? undefined)
        .then(
          (value): Result<unknown> => ({ ok: true, value }),
          (err): Result<unknown> => ({ ok: false, error: toErrorData(err) }),
        );
      return sendJson(res, receipt.ok ? 200 : receipt.error.code === 'TOO_LARGE' ? 413 : 400, receipt);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, { code: 'INVALID_REQUEST', message: 'Method not allowed.' });
    // The page loads its assets by relative URL without the token: the cookie carries it.
    if (url.searchParams.has('token')) res.setHeader('Set-Cookie', guard!.sessionCookie());
    if (!(await serveStatic(rendererDir, url.pathname, res))) {
      sendError(res, 404, {
        code: 'FILE_NOT_FOUND',
        message: `Not found: ${url.pathname}`,
        hint: url.pathname === '/' ? 'Build the renderer first: npm run build.' : undefined,
      });
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    // Node hands the socket over without its own error listener: a peer that resets it while we
    // answer would otherwise raise an unhandled 'error' and end the process.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (!url) return refuseUpgrade(socket, 400);
    if (url.pathname !== WS_PATH || !guard!.hostOk(req) || !guard!.originOk(req) || !guard!.tokenOk(req, url)) {
      return refuseUpgrade(socket, 403);
    }
    // Handshake faults (no key, wrong version) need no 'wsClientError' listener: without one, ws
    // answers 400/405 itself and destroys the socket.
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // A malformed frame (unmasked, bad opcode, bad UTF-8, oversized) is the peer's fault: ws has
      // already closed this connection with the code that says why (1002, 1007, 1009), then emits
      // 'error', which with no listener would end the process and every other client's session.
      ws.on('error', () => {});
      // Text frames are JSON; binary frames are JSON with typed arrays beside it (wire-frame.ts).
      ws.on('message', (data, isBinary) => void onMessage(ws, isBinary ? frameBytes(data) : data.toString()));
    });
  });

  async function onMessage(ws: WebSocket, frame: string | Uint8Array): Promise<void> {
    let raw: unknown;
    try {
      raw = decodeFrame(frame, { exactIntegers: true });
    } catch {
      return ws.close(1007, typeof frame === 'string' ? 'invalid JSON' : 'invalid binary frame');
    }
    const req = wsRequestSchema.safeParse(raw);
    if (!req.success) return ws.close(1007, 'invalid request envelope');
    const result = await dispatch(opts.studio.handlers, req.data.call, req.data.input);
    send(ws, { id: req.data.id, result });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the studio exposes the file system of whoever runs it.
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard = new HostGuard(token, port);
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const ws of clients) send(ws, { event, payload } as WsServerMessage);
  };
  // Job progress and other service events reach every connected browser.
  const unsubscribe = opts.studio.events.subscribe({ emit });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    emit,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      // close() alone would wait for the browser's keep-alive connections to time out.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await opts.studio.dispose();
    },
  };
}

function send(ws: WebSocket, msg: WsServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(encodeFrame(msg));
}

/** ws hands a binary message over as one Buffer (fragments joined), or chunks with some options. */
function frameBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** The request's URL, or undefined for one that does not parse (e.g. `//`, read as an empty host). */
function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

function wellEncoded(s: string): boolean {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

/** Destroyed once written: a peer that never closes its side would otherwise hold the socket open. */
function refuseUpgrade(socket: Duplex, status: 400 | 403): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function sendError(res: ServerResponse, status: number, error: ErrorData): void {
  sendJson(res, status, { ok: false, error });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}
