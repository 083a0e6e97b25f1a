// Where an infer body is decoded and its response encoded. Small ones on the event loop (a thread
// hop costs ~0.1 ms, more than parsing a few KB); past SMALL_BYTES on a codec thread, so health
// probes and metrics keep answering while 46 MB of JSON is parsed (issue 14: 5.8 s of blocked
// probes before). One thread per spare core: the runtime thread takes one core of its own.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../shared/errors';
import type { Tensor } from '../shared/tensors';
import { tensorBuffers } from '../shared/tensor-buffers';
import type { CodecCall, CodecReply } from './codec-protocol';
import { decodeInferBody, encodeInferResponse, type DecodedInfer, type EncodedResponse, type EncodeMeta } from './infer-codec';

export const CODEC_FILE = 'server-codec.mjs';
/** Bodies and outputs up to this size are coded inline: ~1 ms of JSON at most. */
export const SMALL_BYTES = 128 << 10;
/** Output bytes encoded inline: a float32 (4 bytes) is ~10–20 characters of JSON, so ~16K floats ≈ SMALL_BYTES of text. */
const SMALL_OUTPUT_BYTES = SMALL_BYTES / 8;

/** dist/server-codec.mjs beside the bundle (server.mjs, cli.mjs), or the repository's dist/ from sources. */
export function defaultCodecPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(here) === 'dist' ? path.join(here, CODEC_FILE) : path.resolve(here, '../dist', CODEC_FILE);
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void };
interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class CodecPool {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly file = defaultCodecPath(),
    private readonly size = Math.max(1, Math.min(4, os.availableParallelism() - 1)),
  ) {}

  decode(body: Uint8Array, headerLength: number | null, pictureInputs: string[]): Promise<DecodedInfer> {
    if (body.length <= SMALL_BYTES) return Promise.resolve(decodeInferBody(body, headerLength, pictureInputs));
    // The body buffer is handed over (readBody allocates it whole); the event loop never reads it again.
    const transfer = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? [body.buffer as ArrayBuffer] : [];
    return this.call({ op: 'decode', body, headerLength, pictureInputs }, transfer) as Promise<DecodedInfer>;
  }

  encode(meta: EncodeMeta, outputs: Array<[string, Tensor]>, binary: ReadonlySet<string>): Promise<EncodedResponse> {
    const bytes = outputs.reduce((n, [, t]) => n + (t.type === 'string' ? t.data.length * 16 : t.data.byteLength), 0);
    if (bytes <= SMALL_OUTPUT_BYTES) return Promise.resolve(encodeInferResponse(meta, outputs, binary));
    // Handed over: each answer owns its outputs' buffers (the batcher slices its splits), read by no one after.
    const transfer = tensorBuffers(outputs.map(([, t]) => t));
    return this.call({ op: 'encode', meta, outputs, binary: [...binary] }, transfer) as Promise<EncodedResponse>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  private call(msg: CodecCall, transfer: ArrayBuffer[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('CANCELLED', 'The server is shutting down.'));
    const thread = this.pick();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  /** The thread with the least work queued; a new one while there are fewer than `size`. */
  private pick(): Thread {
    const idle = this.threads.find((t) => t.pending.size === 0);
    if (idle) return idle;
    if (this.threads.length < this.size) return this.spawn();
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Thread {
    const worker = new Worker(this.file);
    const thread: Thread = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: CodecReply) => {
      const p = thread.pending.get(reply.id);
      if (!p) return;
      thread.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new AppError(reply.error.code, reply.error.message, reply.error.hint));
    });
    // A thread that dies (out of memory on a hostile body) fails its calls, not the server.
    const lost = (why: string) => {
      const i = this.threads.indexOf(thread);
      if (i >= 0) this.threads.splice(i, 1);
      for (const p of thread.pending.values())
        p.reject(new AppError('INTERNAL', `The codec thread stopped: ${why}.`, 'Retry the request.'));
      thread.pending.clear();
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    this.threads.push(thread);
    return thread;
  }
}
