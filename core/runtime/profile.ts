// The latency profile: a fresh session (to time its load), then per batch size W warm-up runs and N
// timed runs inside the runtime process (timed there, so the figures are onnxruntime's, not IPC's).
// The batch size goes into the input shapes, so one session serves every size.
import { AppError } from '../../shared/errors';
import { generateInputs } from '../../shared/generate-inputs';
import type { ValueInfo } from '../../shared/model-summary';
import type { LatencyStats, ProfileResult, SessionOptions } from '../../shared/predictions';
import { shapeText, validateInputs } from '../../shared/validate-inputs';
import type { JobContext } from '../jobs/jobs';
import type { ModelHandle } from './predictor';
import type { RuntimeService } from './runtime-service';

export interface ProfileRequest {
  runs: number;
  warmup: number;
  batchSizes: number[];
  /** Sizes for other symbolic dims (e.g. { seq: 128 }); unlisted ones get 1. */
  dims?: Record<string, number>;
  session?: SessionOptions;
  maxInputBytes?: number;
}

/** The symbolic dim that leads the inputs' shapes (usually "batch"), if any. */
export function batchDimOf(inputs: readonly ValueInfo[]): string | null {
  for (const input of inputs) {
    const first = input.type.shape?.[0];
    if (typeof first === 'string') return first;
  }
  return null;
}

export async function profileModel(runtime: RuntimeService, model: ModelHandle, req: ProfileRequest, ctx: Pick<JobContext, 'signal' | 'progress'>): Promise<ProfileResult> {
  const inputs = model.summary.graph.inputs;
  const batchDim = batchDimOf(inputs);
  if (!batchDim && req.batchSizes.some((b) => b !== 1)) {
    const first = inputs[0];
    throw new AppError(
      'INVALID_REQUEST',
      `The model has no symbolic batch dimension${first ? ` (input "${first.name}" is ${first.type.elemType ?? ''}${shapeText(first.type.shape ?? [])})` : ''}, so it runs at batch 1 only.`,
      'Profile with batch size 1, or export the model with a dynamic batch axis.',
    );
  }
  // Every batch's inputs first: a bad size is reported before minutes of profiling.
  const feeds = req.batchSizes.map((batch) => {
    const dims = batchDim ? { ...req.dims, [batchDim]: batch } : req.dims;
    const tensors = generateInputs(inputs, { fill: 'random', seed: 0, dims, maxBytes: req.maxInputBytes });
    validateInputs(tensors, inputs, { maxBytes: req.maxInputBytes });
    return { batch, tensors };
  });

  const total = req.batchSizes.length * (req.warmup + req.runs);
  ctx.progress(0, total, 'loading the model');
  const { loadMs } = await runtime.open(model.modelId, model.filePath, req.session ?? {}, true);
  const batches: LatencyStats[] = [];
  let peakRssMB = 0;
  let rssMB = 0;
  for (const [i, { batch, tensors }] of feeds.entries()) {
    const before = i * (req.warmup + req.runs);
    const out = await runtime.profile(model.modelId, tensors, {
      warmup: req.warmup,
      runs: req.runs,
      signal: ctx.signal,
      onProgress: (done) => ctx.progress(before + done, total, `batch ${batch}: run ${done} of ${req.warmup + req.runs}`),
    });
    batches.push(latencyStats(batch, req.warmup, out.latenciesMs));
    peakRssMB = Math.max(peakRssMB, out.peakRssMB);
    rssMB = out.rssMB;
  }
  return { loadMs: round(loadMs), batches, peakRssMB: round(peakRssMB), rssMB: round(rssMB), batchDim, session: req.session ?? {} };
}

/** Percentiles by nearest rank: p99 of 50 runs is the slowest run, never an interpolated guess. */
export function latencyStats(batch: number, warmup: number, latencies: number[]): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    batch,
    warmup,
    runs: sorted.length,
    p50: round(at(50)),
    p90: round(at(90)),
    p99: round(at(99)),
    mean: round(sum / sorted.length),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
    runsPerSec: round((sorted.length * 1000) / sum, 1),
  };
}

function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
