// The latency profile: a fresh session (to time its load), then per batch size W warm-up runs and N
// timed runs inside the runtime process (timed there, so the figures are onnxruntime's, not IPC's).
// The batch size goes into the input shapes, so one session serves every size.
import { AppError } from '../../shared/errors';
import { generateInputs, openDims, openDimsHint } from '../../shared/generate-inputs';
import type { TensorMap } from '../../shared/tensors';
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
  /** Sizes for other open dims (e.g. { seq: 128 } or { 'input.1': 512 }); unlisted ones get 1. */
  dims?: Record<string, number>;
  /** Inputs to time as they are, instead of generated ones (then batchSizes must be [1]). */
  inputs?: TensorMap;
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

export async function profileModel(
  runtime: RuntimeService,
  model: ModelHandle,
  req: ProfileRequest,
  ctx: Pick<JobContext, 'signal' | 'progress'>,
): Promise<ProfileResult> {
  const inputs = model.summary.graph.inputs;
  const batchDim = req.inputs ? null : batchDimOf(inputs);
  if (req.inputs && req.batchSizes.some((b) => b !== 1)) {
    throw new AppError(
      'INVALID_REQUEST',
      'Given inputs are timed as they are: batch sizes do not apply to them.',
      'Drop --batch, or drop --inputs to time generated inputs per batch size.',
    );
  }
  if (!batchDim && req.batchSizes.some((b) => b !== 1)) {
    const first = inputs[0];
    throw new AppError(
      'INVALID_REQUEST',
      `The model has no symbolic batch dimension${first ? ` (input "${first.name}" is ${first.type.elemType ?? ''}${shapeText(first.type.shape ?? [])})` : ''}, so it runs at batch 1 only.`,
      'Profile with batch size 1, or export the model with a dynamic batch axis.',
    );
  }
  // Every batch's inputs first: a bad size is reported before minutes of profiling.
  const feeds = req.inputs
    ? [{ batch: 1, tensors: req.inputs, dims: undefined }]
    : req.batchSizes.map((batch) => {
        const dims = batchDim ? { ...req.dims, [batchDim]: batch } : req.dims;
        const tensors = generateInputs(inputs, { fill: 'random', seed: 0, dims, maxBytes: req.maxInputBytes });
        return { batch, tensors, dims };
      });
  for (const f of feeds) validateInputs(f.tensors, inputs, { maxBytes: req.maxInputBytes });

  const total = req.batchSizes.length * (req.warmup + req.runs);
  ctx.progress(0, total, 'loading the model');
  const { loadMs } = await runtime.open(model.modelId, model.filePath, req.session ?? {}, true);
  const batches: LatencyStats[] = [];
  let peakRssMB = 0;
  let rssMB = 0;
  for (const [i, { batch, tensors }] of feeds.entries()) {
    const before = i * (req.warmup + req.runs);
    const out = await runtime
      .profile(model.modelId, tensors, {
        warmup: req.warmup,
        runs: req.runs,
        signal: ctx.signal,
        onProgress: (done) => ctx.progress(before + done, total, `batch ${batch}: run ${done} of ${req.warmup + req.runs}`),
      })
      .catch((err: unknown) => {
        // Generated inputs with guessed dims are the usual cause of a run failing here: say which.
        const hint = req.inputs ? '' : openDimsHint(openDims(inputs, feeds[i]!.dims));
        if (hint && err instanceof AppError && err.code === 'RUNTIME_ERROR') throw new AppError(err.code, err.message, hint);
        throw err;
      });
    const shapes = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, t.shape]));
    batches.push({ ...latencyStats(batch, req.warmup, out.latenciesMs), shapes });
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
