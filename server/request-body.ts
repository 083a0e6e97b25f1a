// Reading a request body without letting it cost more than it was admitted for. With a
// Content-Length the buffer is allocated once and each chunk copied in as it arrives (no 60 MiB
// Buffer.concat on the event loop at the end); a chunked body is counted as it streams, against the
// per-request limit (413) and the admission ticket (503). A refused body is drained unread, never
// destroyed: a client still writing would see a connection reset instead of the answer.
import type { IncomingMessage } from 'node:http';
import { AppError } from '../shared/errors';
import type { BusyError, Ticket } from './admission';

export function tooLarge(limit: number): AppError {
  return new AppError(
    'TOO_LARGE',
    `The request body is larger than the server's limit of ${limit} bytes.`,
    'Send fewer rows per request, or use the binary tensor extension (Inference-Header-Content-Length) for big tensors.',
  );
}

/** The declared Content-Length, or null for a chunked body. */
export function declaredLength(req: IncomingMessage): number | null {
  const v = req.headers['content-length'];
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * The whole body. Rejects with TOO_LARGE past `limit` or the ticket's BusyError past the budget;
 * either way the rest is drained unread. The returned buffer owns its ArrayBuffer (transferable).
 */
export function readBody(req: IncomingMessage, limit: number, ticket?: Ticket): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared !== null && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    // allocUnsafeSlow: never a slice of the shared pool, so the codec thread can take it whole.
    let buf = declared !== null ? Buffer.allocUnsafeSlow(declared) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (err: AppError | BusyError) => {
      failed = true;
      buf = null;
      chunks.length = 0;
      req.removeListener('data', onData);
      req.resume();
      reject(err);
    };
    const onData = (c: Buffer) => {
      if (size + c.length > limit) return fail(tooLarge(limit));
      // node's parser never hands over more than the Content-Length declared.
      if (buf) c.copy(buf, size);
      else {
        const busy = ticket?.grow(c.length);
        if (busy) return fail(busy);
        chunks.push(c);
      }
      size += c.length;
    };
    req.on('data', onData);
    req.on('end', () => {
      if (failed) return;
      if (buf) return resolve(size === buf.length ? buf : buf.subarray(0, size));
      const whole = Buffer.allocUnsafeSlow(size);
      let at = 0;
      for (const c of chunks) at += c.copy(whole, at);
      resolve(whole);
    });
    req.on('error', (err) => failed || ((failed = true), reject(err)));
  });
}
