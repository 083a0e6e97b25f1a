// The HTTP layer under the OIP routes: route matching, admission before the body for the routes
// that carry tensors (admission.ts), a request body limit, JSON replies, errors as
// {"error": "CODE: message"} with a status, one JSON log line and metrics per request. Plain
// node:http: the server has a dozen routes and must stay one small file in the image.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { AppError, toErrorData, type ErrorCode } from '../shared/errors';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { BusyError, type Admission, type Ticket } from './admission';
import { declaredLength, readBody, tooLarge } from './request-body';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Reply {
  status?: number;
  /** Bytes are written as they are; other values JSON-encoded unless `contentType` is given, then as text. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RequestContext {
  params: string[];
  req: IncomingMessage;
  /** The whole body, refused with 413 past the limit (and 503 past the admission budget while it streams). */
  body(): Promise<Buffer>;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the path; capture groups become `params` (URI-decoded). */
  pattern: RegExp;
  /** The route's template, the `route` label in logs and metrics. */
  name: string;
  /** Admitted before its body is read (count and bytes in flight): the infer routes. */
  admitted?: boolean;
  handle(ctx: RequestContext): Promise<Reply> | Reply;
}

export interface HandlerOptions {
  routes: Route[];
  maxBodyBytes: number;
  admission: Admission;
  logger: Logger;
  metrics: Metrics;
  /** True once shutdown began: replies carry `Connection: close` so keep-alive clients go away. */
  draining(): boolean;
}

/** Input mistakes are the caller's (400); the runtime's own failures are ours (500). */
const CLIENT_CODES = new Set<ErrorCode>([
  'INVALID_REQUEST',
  'INVALID_TENSOR',
  'INPUT_MISSING',
  'INPUT_UNKNOWN',
  'INPUT_TYPE_MISMATCH',
  'INPUT_RANK_MISMATCH',
  'INPUT_DIM_MISMATCH',
  'INPUT_DIM_CONFLICT',
  'INPUT_SIZE_MISMATCH',
  'INPUT_TOO_LARGE',
  'UNSUPPORTED_TYPE',
]);

export function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) return { status: err.status, body: { error: err.message } };
  const data = toErrorData(err);
  if (err instanceof BusyError)
    return { status: 503, body: { error: `${data.code}: ${data.message}` }, headers: { 'retry-after': String(err.retryAfter) } };
  const status = data.code === 'TOO_LARGE' ? 413 : CLIENT_CODES.has(data.code) ? 400 : 500;
  return { status, body: { error: `${data.code}: ${data.message}` } };
}

export function createHandler(opts: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, metrics } = opts;
  return (req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?', 1)[0]!;
    let route: Route | undefined;
    let params: string[] = [];
    let methodMismatch = false;
    for (const r of opts.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      if (r.method !== req.method && !(r.method === 'GET' && req.method === 'HEAD')) {
        methodMismatch = true;
        continue;
      }
      route = r;
      params = m.slice(1).map((p) => (p === undefined ? '' : safeDecode(p)));
      break;
    }
    const name = route?.name ?? (methodMismatch ? 'method-not-allowed' : 'unmatched');
    metrics.inFlight++;
    let ticket: Ticket | undefined;
    const finish = (reply: Reply) => {
      const status = reply.status ?? 200;
      const text = reply.body instanceof Uint8Array ? reply.body : reply.contentType ? String(reply.body) : JSON.stringify(reply.body);
      const headers: Record<string, string | number> = {
        'content-type': reply.contentType ?? 'application/json',
        'content-length': Buffer.byteLength(text),
        ...reply.headers,
      };
      if (opts.draining()) headers.connection = 'close';
      if (!res.headersSent) res.writeHead(status, headers);
      if (req.complete) res.end(req.method === 'HEAD' ? undefined : text);
      else answerBeforeBody(req, res, text);
      ticket?.release();
      metrics.inFlight--;
      const ms = performance.now() - started;
      metrics.observe(name, req.method ?? '', status, ms / 1000);
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger.log(level, 'request', {
        method: req.method,
        route: name,
        path,
        status,
        ms: Math.round(ms * 1000) / 1000,
        ...(status >= 400 ? { error: (reply.body as { error?: string }).error } : {}),
      });
    };
    if (!route) {
      req.resume();
      return finish(
        methodMismatch
          ? { status: 405, body: { error: `${req.method} is not allowed on ${path}.` } }
          : { status: 404, body: { error: `No route ${req.method} ${path}; see /openapi.json.` } },
      );
    }
    if (route.admitted) {
      // Before one byte of the body: refused requests are drained unread (no reset for a client still sending).
      const declared = declaredLength(req);
      if (declared !== null && declared > opts.maxBodyBytes) {
        req.resume();
        return finish(errorReply(tooLarge(opts.maxBodyBytes)));
      }
      const admitted = opts.admission.admit(declared ?? 0);
      if (admitted instanceof BusyError) {
        req.resume();
        return finish(errorReply(admitted));
      }
      ticket = admitted;
    }
    const ctx: RequestContext = { params, req, body: () => readBody(req, opts.maxBodyBytes, ticket) };
    Promise.resolve()
      .then(() => route.handle(ctx))
      .then(finish, (err: unknown) => {
        if (!(err instanceof HttpError || err instanceof AppError))
          logger.log('error', 'unexpected error', { route: name, error: String((err as Error)?.stack ?? err) });
        finish(errorReply(err));
      });
  };
}

/** A refused body is drained for at most this long after the answer before its connection is cut. */
const DRAIN_MS = 10_000;

/**
 * Answers a request whose body is still arriving (413, 503 before it was read): the whole answer is
 * written now, but the response ends only once the body has been drained. Ending it at once closes
 * a `Connection: close` socket under a client still writing (Python's urllib writes its whole body
 * before it reads), which then sees a broken pipe instead of the answer.
 */
function answerBeforeBody(req: IncomingMessage, res: ServerResponse, text: string | Uint8Array): void {
  if (req.method !== 'HEAD') res.write(text);
  const end = () => {
    clearTimeout(timer);
    res.end();
  };
  const timer = setTimeout(() => {
    res.end();
    req.destroy();
  }, DRAIN_MS);
  req.once('end', end);
  req.once('close', end);
  req.resume();
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
