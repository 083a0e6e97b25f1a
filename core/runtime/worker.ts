// The runtime worker: the only code that runs onnxruntime. It lives in its own process (a Node
// child or an Electron utilityProcess; in the inference server, a worker thread) because
// InferenceSession.create() and run() block their thread for the whole load / inference
// (docs/reference.md §onnxruntime-node). Requests arrive one at a time (the service queues them);
// only 'cancel' may arrive while a profile is running.
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort as threadPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { AppError, toErrorData } from '../../shared/errors';
import type { SessionOptions } from '../../shared/predictions';
import type { TensorMap } from '../../shared/tensors';
import { tensorBuffers } from '../../shared/tensor-buffers';
import { ortToTensor, tensorToOrt } from './ort-tensors';
import type { OpenInfo, ProfileOutput, RunOutput, WorkerMessage, WorkerRequest } from './protocol';

interface Channel {
  /** `transfer`: buffers handed over rather than copied (a worker thread only; a process serializes anyway). */
  post(msg: WorkerMessage, transfer?: ArrayBuffer[]): void;
  listen(fn: (msg: WorkerRequest) => void): void;
}

/** Electron's utilityProcess has process.parentPort; a worker thread its own; a Node child has process.send. */
function parentChannel(): Channel {
  if (!isMainThread && threadPort) {
    const port = threadPort;
    return {
      post: (m, transfer) => port.postMessage(m, transfer),
      listen: (fn) => void port.on('message', (m: unknown) => fn(m as WorkerRequest)),
    };
  }
  const parentPort = (
    process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', fn: (ev: { data: unknown }) => void): void } }
  ).parentPort;
  if (parentPort)
    return { post: (m) => parentPort.postMessage(m), listen: (fn) => parentPort.on('message', (ev) => fn(ev.data as WorkerRequest)) };
  if (!process.send) throw new Error('runtime worker started without an IPC channel');
  return { post: (m) => void process.send!(m), listen: (fn) => void process.on('message', (m) => fn(m as WorkerRequest)) };
}

const sessions = new Map<string, ort.InferenceSession>();
const cancelled = new Set<number>();
const channel = parentChannel();

function session(modelId: string): ort.InferenceSession {
  const s = sessions.get(modelId);
  if (!s) throw new AppError('MODEL_NOT_OPEN', `The runtime has no session for model ${modelId}.`, 'Open the model again.');
  return s;
}

function feeds(inputs: TensorMap): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, tensorToOrt(t)]));
}

async function ortCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const message = (err instanceof Error ? err.message : String(err)).trim();
    throw new AppError('RUNTIME_ERROR', `onnxruntime could not ${what}: ${message}`);
  }
}

async function open(modelId: string, path: string, options: SessionOptions): Promise<OpenInfo> {
  await close(modelId);
  const started = performance.now();
  const s = await ortCall('load the model', () =>
    ort.InferenceSession.create(path, {
      executionProviders: ['cpu'],
      // Errors only: warnings about unused initializers would flood the log. The errors themselves go to
      // the debug log (runtime-log.ts): the same message reaches the caller as RUNTIME_ERROR.
      logSeverityLevel: 3,
      ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
      ...(options.graphOptimizationLevel ? { graphOptimizationLevel: options.graphOptimizationLevel } : {}),
      ...(options.freeDimensionOverrides ? { freeDimensionOverrides: options.freeDimensionOverrides } : {}),
    }),
  );
  const loadMs = performance.now() - started;
  sessions.set(modelId, s);
  return { loadMs, inputNames: [...s.inputNames], outputNames: [...s.outputNames] };
}

async function close(modelId: string): Promise<boolean> {
  const s = sessions.get(modelId);
  if (!s) return false;
  sessions.delete(modelId);
  await s.release(); // frees the native memory now rather than at garbage collection
  return true;
}

async function run(modelId: string, inputs: TensorMap, outputNames?: string[]): Promise<RunOutput> {
  const s = session(modelId);
  const started = performance.now();
  const result = await ortCall('run the model', () => (outputNames ? s.run(feeds(inputs), outputNames) : s.run(feeds(inputs))));
  const runMs = performance.now() - started;
  const outputs: TensorMap = {};
  for (const [name, t] of Object.entries(result)) outputs[name] = ortToTensor(name, t);
  return { outputs, runMs };
}

async function profile(id: number, modelId: string, inputs: TensorMap, warmup: number, runs: number): Promise<ProfileOutput> {
  const s = session(modelId);
  const f = feeds(inputs);
  const total = warmup + runs;
  const latenciesMs: number[] = [];
  let lastReport = performance.now();
  for (let i = 0; i < total; i++) {
    // run() yields to the event loop before its native work, so a 'cancel' gets read between runs.
    if (cancelled.delete(id)) throw new AppError('CANCELLED', 'The profile was cancelled.');
    const started = performance.now();
    await ortCall('run the model', () => s.run(f));
    const now = performance.now();
    if (i >= warmup) latenciesMs.push(now - started);
    if (now - lastReport > 100 || i === total - 1) {
      lastReport = now;
      channel.post({ kind: 'progress', id, done: i + 1, total });
    }
  }
  cancelled.delete(id); // a cancel that arrived after the last run
  return { latenciesMs, peakRssMB: process.resourceUsage().maxRSS / 1024, rssMB: process.memoryUsage().rss / 2 ** 20 };
}

function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'open':
      return open(req.modelId, req.path, req.options);
    case 'run':
      return run(req.modelId, req.inputs, req.outputNames);
    case 'profile':
      return profile(req.id, req.modelId, req.inputs, req.warmup, req.runs);
    case 'close':
      return close(req.modelId);
    case 'cancel':
      return Promise.resolve(); // handled on arrival
  }
}

channel.listen((req) => {
  if (req.op === 'cancel') return void cancelled.add(req.target);
  handle(req).then(
    (value) =>
      channel.post(
        { kind: 'result', id: req.id, value },
        req.op === 'run' ? tensorBuffers(Object.values((value as RunOutput).outputs)) : undefined,
      ),
    (err: unknown) => channel.post({ kind: 'error', id: req.id, error: toErrorData(err) }),
  );
});
channel.post({ kind: 'ready', ortVersion: ort.env.versions.node ?? ort.env.versions.common });
