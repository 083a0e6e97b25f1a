// Sessions by model id, in a runtime process that this class starts, restarts and stops. Calls are
// queued and sent one at a time (onnxruntime runs one thing at a time per thread anyway), so a
// queued call can be cancelled, and a session lost in a crash is re-opened before the next call.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { SessionOptions } from '../../shared/predictions';
import type { TensorMap } from '../../shared/tensors';
import { tensorBuffers } from '../../shared/tensor-buffers';
import type { OpenInfo, ProfileOutput, RunOutput, WorkerMessage, WorkerRequest } from './protocol';
import type { RuntimePort, RuntimeProcessFactory } from './runtime-port';
import { crashedError, startError } from './runtime-errors';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface ModelEntry {
  path: string;
  options: SessionOptions;
  /** Open in the current runtime process (false after a crash: re-opened on the next call). */
  live?: OpenInfo;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: AppError): void;
  what: string;
  onProgress?: (done: number, total: number) => void;
}

interface Queued {
  start(): Promise<void>;
  reject(err: AppError): void;
}

export interface RunOptions {
  outputNames?: string[];
  signal?: AbortSignal;
  /** The caller gives up `inputs`: their buffers are handed to a thread runtime instead of copied. */
  handOver?: boolean;
}

export interface ProfileOptions {
  warmup: number;
  runs: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const cancelled = () => new AppError('CANCELLED', 'The call was cancelled before it ran.');

export class RuntimeService {
  private port: RuntimePort | undefined;
  private ready: Promise<void> | undefined;
  private readonly models = new Map<string, ModelEntry>();
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Queued[] = [];
  private running = false;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly factory: RuntimeProcessFactory) {}

  /** Calls waiting behind the one running. */
  get queued(): number {
    return this.queue.length;
  }

  /** The runtime process, when one is running (tests kill it; the GUI may show its memory). */
  get pid(): number | undefined {
    return this.port?.pid;
  }

  /**
   * Opens a session, or keeps the open one when the options are the same (a session is reused
   * across runs). `reload` always loads afresh, e.g. to time the load.
   */
  open(modelId: string, filePath: string, options: SessionOptions = {}, reload = false): Promise<OpenInfo> {
    return this.exclusive(undefined, async () => {
      const entry = this.models.get(modelId);
      if (entry?.live && !reload && entry.path === filePath && sameOptions(entry.options, options)) return entry.live;
      this.models.set(modelId, { path: filePath, options });
      return this.load(modelId);
    });
  }

  isOpen(modelId: string): boolean {
    return this.models.has(modelId);
  }

  /** A cancel while queued drops the call; while running, it stops the runtime process (see stopRun). */
  run(modelId: string, inputs: TensorMap, opts: RunOptions = {}): Promise<RunOutput> {
    return this.exclusive(opts.signal, async () => {
      await this.ensureLive(modelId);
      const stop = () => this.stopRun();
      opts.signal?.addEventListener('abort', stop, { once: true });
      try {
        return await this.request<RunOutput>(
          { op: 'run', modelId, inputs, outputNames: opts.outputNames },
          `running ${this.fileOf(modelId)}`,
          undefined,
          undefined,
          opts.handOver ? tensorBuffers(Object.values(inputs)) : undefined,
        );
      } finally {
        opts.signal?.removeEventListener('abort', stop);
      }
    });
  }

  profile(modelId: string, inputs: TensorMap, opts: ProfileOptions): Promise<ProfileOutput> {
    return this.exclusive(opts.signal, async () => {
      await this.ensureLive(modelId);
      let id = 0;
      // Once running, a cancel stops the worker's loop between two runs.
      const onAbort = () => this.port?.postMessage({ op: 'cancel', target: id });
      try {
        return await this.request<ProfileOutput>(
          { op: 'profile', modelId, inputs, warmup: opts.warmup, runs: opts.runs },
          `profiling ${this.fileOf(modelId)}`,
          opts.onProgress,
          (sent) => {
            id = sent;
            opts.signal?.addEventListener('abort', onAbort, { once: true });
          },
        );
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  /** Releases the session's native memory. False when the model was not open. */
  close(modelId: string): Promise<boolean> {
    return this.exclusive(undefined, async () => {
      const entry = this.models.get(modelId);
      if (!entry) return false;
      this.models.delete(modelId);
      if (entry.live && this.port) await this.request({ op: 'close', modelId }, `closing ${path.basename(entry.path)}`);
      return true;
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const shutdown = new AppError('CANCELLED', 'The runtime is shutting down.');
    this.failAll(shutdown);
    const port = this.port;
    this.port = undefined;
    port?.kill();
  }

  private fileOf(modelId: string): string {
    const entry = this.models.get(modelId);
    if (!entry) throw new AppError('MODEL_NOT_OPEN', `No session is open for model ${modelId}.`, 'Open the model again.');
    return path.basename(entry.path);
  }

  private async ensureLive(modelId: string): Promise<void> {
    this.fileOf(modelId);
    if (!this.models.get(modelId)!.live || !this.port) await this.load(modelId);
  }

  private async load(modelId: string): Promise<OpenInfo> {
    const entry = this.models.get(modelId)!;
    const info = await this.request<OpenInfo>(
      { op: 'open', modelId, path: entry.path, options: entry.options },
      `loading ${path.basename(entry.path)}`,
    );
    // The entry may have been replaced meanwhile only by a crash (which clears live anyway).
    entry.live = info;
    return info;
  }

  /** Runs `task` alone; while it waits in the queue, `signal` can cancel it. */
  private exclusive<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new AppError('CANCELLED', 'The runtime has been shut down.'));
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        const at = this.queue.indexOf(item);
        if (at >= 0) {
          this.queue.splice(at, 1);
          reject(cancelled());
        }
      };
      const item: Queued = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          return task().then(resolve, reject);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(item);
      this.pump();
    });
  }

  private pump(): void {
    if (this.running) return;
    const next = this.queue.shift();
    this.port?.setBusy?.(next !== undefined);
    if (!next) return;
    this.running = true;
    void next.start().finally(() => {
      this.running = false;
      this.pump();
    });
  }

  private async request<T>(
    msg: Request,
    what: string,
    onProgress?: Pending['onProgress'],
    onSent?: (id: number) => void,
    transfer?: ArrayBuffer[],
  ): Promise<T> {
    await this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, what, onProgress });
      this.port!.postMessage({ ...msg, id } as WorkerRequest, transfer);
      onSent?.(id);
    });
  }

  private start(): Promise<void> {
    if (this.port && this.ready) return this.ready;
    const port = this.factory();
    this.port = port;
    let started = false;
    this.ready = new Promise<void>((resolve, reject) => {
      port.onMessage((msg) => (msg.kind === 'ready' ? ((started = true), resolve()) : this.onMessage(msg)));
      port.onExit((exit) => {
        const err = started ? crashedError(exit, [...this.pending.values()][0]?.what) : startError(exit);
        reject(err);
        if (this.port === port) this.onCrash(err);
      });
    });
    this.ready.catch(() => {}); // a start that fails is reported to the request awaiting it
    port.setBusy?.(true);
    return this.ready;
  }

  private onMessage(msg: WorkerMessage): void {
    if (msg.kind === 'ready') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') return p.onProgress?.(msg.done, msg.total);
    this.pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.value);
    else p.reject(AppError.fromData(msg.error));
  }

  /**
   * onnxruntime cannot interrupt a run, so stopping one means ending its process: the call fails
   * with CANCELLED at once, and the sessions are re-opened (lazily) by the next call. Queued calls
   * stay queued and start a fresh process.
   */
  private stopRun(): void {
    const port = this.port;
    if (!port) return;
    this.port = undefined;
    this.ready = undefined;
    for (const entry of this.models.values()) entry.live = undefined;
    const stopped = new AppError('CANCELLED', 'The run was stopped; the runtime restarts for the next call.');
    for (const p of this.pending.values()) p.reject(stopped);
    this.pending.clear();
    port.kill();
  }

  private onCrash(err: AppError): void {
    this.port = undefined;
    this.ready = undefined;
    for (const entry of this.models.values()) entry.live = undefined;
    this.failAll(err);
  }

  private failAll(err: AppError): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.reject(err);
  }
}

function sameOptions(a: SessionOptions, b: SessionOptions): boolean {
  const key = (o: SessionOptions) =>
    JSON.stringify([o.intraOpNumThreads ?? 0, o.graphOptimizationLevel ?? 'all', Object.entries(o.freeDimensionOverrides ?? {}).sort()]);
  return key(a) === key(b);
}
