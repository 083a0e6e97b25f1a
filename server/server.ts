// startServer: the inference server, the same for `node server.mjs` (the Docker image),
// `modelcrate serve` and the tests. The bundle is opened and every sha256 checked before anything
// listens (a tampered bundle is refused: startServer rejects); then the server listens at once —
// live, not ready — while the model loads in the runtime thread and the golden samples replay.
// Ready only once they all reproduce; a failed self-test leaves it up and never ready (503, with
// the reason in /v2/health/ready's body), so the Docker health check and the parity gate say why.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toErrorData } from '../shared/errors';
import { defaultWorkerPath } from '../core/runtime/fork-runtime';
import { threadRuntime } from '../core/runtime/thread-runtime';
import { Predictor } from '../core/runtime/predictor';
import { RuntimeService } from '../core/runtime/runtime-service';
import { createHandler } from './http-server';
import { Inference } from './inference';
import { jsonLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { openApiDocument } from './openapi';
import { Admission } from './admission';
import { Batcher, batchInputsOf } from './batcher';
import { CodecPool, defaultCodecPath } from './codec-pool';
import { bodyBudget, memoryLimit } from './memory-budget';
import { DEFAULT_BATCH, type BatchSettings } from './settings';
import { oipRoutes } from './routes-oip';
import { runSelfTest } from './self-test';
import { openServedModel, type ServedModel } from './served-model';
import type { ServerState } from './state';
import type { TrustedKey } from '../core/signing/ed25519';

export interface ServerOptions {
  /** A bundle folder or .tar.gz. */
  bundle: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 0.0.0.0 (all interfaces, as in a container). */
  host?: string;
  /** runtime-worker.mjs (default: beside the CLI bundle, or the repository's dist/). */
  workerPath?: string;
  /** Default 64 MiB; larger bodies get 413. */
  maxBodyBytes?: number;
  /** Requests that may be in flight beside the running one; more get 503. Default 64. */
  maxQueue?: number;
  /** Dynamic batching (batcher.ts); maxBatchSize 1 turns it off. */
  batch?: Partial<BatchSettings>;
  /** The memory the server may use (default: the cgroup's limit, else the machine's RAM). */
  memoryLimit?: number;
  /** Request-body bytes in flight at most (default: derived from memoryLimit and the working set). */
  memoryBudget?: number;
  /** server-codec.mjs (default: beside the bundle, or the repository's dist/). */
  codecPath?: string;
  /** Default: JSON lines on stdout. */
  logger?: Logger;
  /** Serve only a bundle signed by this key (refused before listening otherwise). */
  publicKey?: TrustedKey;
}

export interface RunningServer {
  url: string;
  port: number;
  model: ServedModel;
  state(): ServerState;
  /** Settles when the self-test finished: true when ready. */
  ready: Promise<boolean>;
  /** Stops accepting, lets in-flight requests finish, stops the runtime thread. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_MAX_BODY_BYTES = 64 << 20;
export const DEFAULT_MAX_QUEUE = 64;
/** In-flight requests get this long to finish on shutdown before their connections are cut. */
const DRAIN_MS = 30_000;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const logger = opts.logger ?? jsonLogger();
  const model = await openServedModel(opts.bundle, opts.publicKey);
  const signedBy = model.signature.state === 'unsigned' || model.signature.state === 'invalid' ? null : model.signature.keyId;
  logger.log('info', 'bundle verified', {
    bundle: opts.bundle,
    model: model.name,
    version: model.version,
    files: model.manifest.files.length,
    samples: model.manifest.samples.length,
    signedBy,
    signatureRequired: !!opts.publicKey,
  });

  const runtime = new RuntimeService(threadRuntime(opts.workerPath ?? defaultWorkerPath()));
  const predictor = new Predictor(runtime);
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limit = memoryLimit(opts.memoryLimit);
  // Refined once the model is loaded and its working set known; infer answers 503 until then anyway.
  const admission = new Admission({
    maxRequests: (opts.maxQueue ?? DEFAULT_MAX_QUEUE) + 1,
    maxBytes: opts.memoryBudget ?? bodyBudget(limit.bytes, process.memoryUsage.rss()),
  });
  const batch = { ...DEFAULT_BATCH, ...opts.batch };
  const batcher = new Batcher(
    // Handed over: a request's tensors are read by no one once they are sent to be run.
    (inputs, outputNames) => runtime.run(model.handle.modelId, inputs, { outputNames, handOver: true }).then((r) => r.outputs),
    batchInputsOf(model.summary),
    batch,
    (why) => logger.log('warn', 'dynamic batching turned off', { why }),
  );
  const codec = new CodecPool(opts.codecPath ?? defaultCodecPath());
  const metrics = new Metrics({
    queueLength: () => batcher.waiting + runtime.queued,
    bodyBytes: () => admission.bytesInFlight,
    bodyBudget: () => admission.budget.maxBytes,
  });
  const inference = new Inference(model, predictor, batcher, codec, metrics);
  let state: ServerState = { phase: 'loading' };
  let draining = false;
  let openapi: unknown;
  const routes = oipRoutes({ model, inference, metrics, state: () => state, openapi: () => (openapi ??= openApiDocument(model)) });
  const server = createServer(
    { keepAliveTimeout: 65_000 },
    createHandler({ routes, maxBodyBytes, admission, logger, metrics, draining: () => draining }),
  );

  try {
    await listen(server, opts.port ?? DEFAULT_PORT, opts.host ?? '0.0.0.0');
  } catch (err) {
    await runtime.dispose();
    await codec.close();
    await model.dispose();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '0.0.0.0';
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.log('info', 'listening', { url, host, port });

  const ready = (async () => {
    const started = performance.now();
    try {
      await predictor.ensureOpen(model.handle);
      logger.log('info', 'model loaded', { model: model.name, ms: round(performance.now() - started) });
      const r = await runSelfTest(model, inference);
      if (opts.memoryBudget === undefined) admission.setMaxBytes(bodyBudget(limit.bytes, process.memoryUsage.rss()));
      logger.log('info', 'load settings', {
        maxRequests: admission.budget.maxRequests,
        bodyBudgetBytes: admission.budget.maxBytes,
        memoryLimitBytes: limit.bytes,
        memoryLimitFrom: opts.memoryBudget === undefined ? limit.from : 'MODELCRATE_MEMORY_BUDGET',
        workingSetBytes: process.memoryUsage.rss(),
        batching: batcher.batching ? batch : false,
      });
      state = { phase: 'ready', ...r };
      logger.log('info', 'ready', { samples: r.samples, selfTestMs: round(r.ms), startMs: round(performance.now() - started) });
      return true;
    } catch (err) {
      state = { phase: 'failed', error: toErrorData(err) };
      if (!draining) logger.log('error', 'self-test failed: not ready', { code: state.error.code, error: state.error.message });
      return false;
    }
  })();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining = true;
      logger.log('info', 'shutting down', { inFlight: metrics.inFlight });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      await closed;
      clearTimeout(timer);
      await runtime.dispose();
      await codec.close();
      await model.dispose();
      logger.log('info', 'stopped');
    })());

  return { url, port, model, state: () => state, ready, close };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
