// The version diff with the real runtime: weight digests of both models, then (unless told not to
// run) the older model's golden samples on both — its bundle's samples, the ones the caller gives
// (the Test step's), or one seeded random sample — and a short latency profile of each on the same
// inputs. The decisions are shared/diff's; this gathers what they need. Progress and cancel come
// from the caller (a studio job, or the CLI's Ctrl-C).
import { randomBytes } from 'node:crypto';
import type { SampleInputs } from '../../shared/bundle/sample';
import { diffIo } from '../../shared/diff/io-diff';
import { diffModels, type RunResults } from '../../shared/diff/model-diff';
import type { DiffReport, SampleResult, SideLatency } from '../../shared/diff/types';
import { AppError, toErrorData } from '../../shared/errors';
import { generateInputs, openDims, openDimsHint } from '../../shared/generate-inputs';
import type { ModelSummary } from '../../shared/model-summary';
import type { TensorMap } from '../../shared/tensors';
import { tensorToJson } from '../../shared/tensor-json';
import { throwIfCancelled } from '../bundle/hash-file';
import { Predictor, type ModelHandle } from '../runtime/predictor';
import { latencyStats } from '../runtime/profile';
import type { RuntimeService } from '../runtime/runtime-service';
import { runSample } from './run-samples';
import { weightDigests } from './weight-digests';

export interface CompareSide {
  /** The file or folder name shown. */
  label: string;
  kind: 'model' | 'bundle';
  /** The model file (inside the bundle for a bundle). */
  filePath: string;
  summary: ModelSummary;
  /** A bundle's golden samples. */
  samples?: SampleInputs[];
}

export interface CompareOptions {
  /** Needed to run samples and time the models; without it (or with run: false) the diff is static. */
  runtime?: RuntimeService;
  run?: boolean;
  /** Samples to run instead of the older side's own (the Test step's golden samples, diff --inputs). */
  samples?: SampleInputs[];
  /** Sizes for open dims of the generated sample (generate-inputs' forms: `seq` or `input.1`). */
  dims?: Record<string, number>;
  /** Timed runs per model (after 3 warm-up runs). Default 20. */
  runs?: number;
  signal?: AbortSignal;
  progress?: (done: number, total: number | undefined, label: string) => void;
}

/** Seed of the random sample used when the older model brings none (same tensors everywhere). */
export const RANDOM_SAMPLE_SEED = 7;
const WARMUP = 3;

export async function compareModels(older: CompareSide, newer: CompareSide, opts: CompareOptions = {}): Promise<DiffReport> {
  const say = opts.progress ?? (() => {});
  const what = 'Comparing the models';
  const weights = await Promise.all(
    [older, newer].map((s, i) =>
      weightDigests(s.filePath, s.summary, {
        signal: opts.signal,
        onBytes: (d, t) => say(d, t, `Hashing the weights of ${i === 0 ? 'the older' : 'the newer'} model`),
      }),
    ),
  );
  throwIfCancelled(opts.signal, what);
  const run: RunResults = opts.run !== false && opts.runtime ? await runBoth(opts.runtime, older, newer, opts) : {};
  return diffModels(
    { label: older.label, kind: older.kind, summary: older.summary, weights: weights[0] },
    { label: newer.label, kind: newer.kind, summary: newer.summary, weights: weights[1] },
    run,
  );
}

async function runBoth(runtime: RuntimeService, older: CompareSide, newer: CompareSide, opts: CompareOptions): Promise<RunResults> {
  const say = opts.progress ?? (() => {});
  const given = opts.samples?.length ? opts.samples : older.samples?.length ? older.samples : undefined;
  const source: NonNullable<DiffReport['samples']>['source'] = opts.samples?.length ? 'given' : older.samples?.length ? 'bundle' : 'random';
  let samples: SampleInputs[];
  const skipped: SampleResult[] = [];
  if (given) samples = given;
  else {
    try {
      const tensors = generateInputs(older.summary.graph.inputs, { fill: 'random', seed: RANDOM_SAMPLE_SEED, dims: opts.dims });
      samples = [
        { name: `random-${RANDOM_SAMPLE_SEED}`, inputs: Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, tensorToJson(t)])) },
      ];
    } catch (err) {
      const e = toErrorData(err);
      samples = [];
      skipped.push({ name: `random-${RANDOM_SAMPLE_SEED}`, status: 'skipped', outputs: [], error: { code: e.code, message: e.message } });
    }
  }
  const runs = opts.runs ?? 20;
  const predictor = new Predictor(runtime);
  const tag = randomBytes(6).toString('hex');
  const refA: ModelHandle = { modelId: `diff-a-${tag}`, filePath: older.filePath, summary: older.summary };
  const refB: ModelHandle = { modelId: `diff-b-${tag}`, filePath: newer.filePath, summary: newer.summary };
  const total = samples.length + 2 * (WARMUP + runs);
  try {
    const results: SampleResult[] = [...skipped];
    let timing: { older: TensorMap; newer: TensorMap } | undefined;
    const renamed = Object.fromEntries(
      diffIo('outputs', older.summary.graph.outputs, newer.summary.graph.outputs)
        .rows.filter((r) => r.status === 'renamed')
        .map((r) => [r.older!.name, r.newer!.name]),
    );
    for (const [i, s] of samples.entries()) {
      throwIfCancelled(opts.signal, 'Comparing the models');
      say(i, total, `Sample ${s.name} on both models`);
      const r = await runSample(predictor, refA, refB, s, opts.signal, renamed);
      results.push(r.result);
      timing ??= r.tensors;
    }
    // A generated sample the older model could not run usually had guessed dims: name them.
    const hint =
      source === 'random' && !results.some((r) => r.status === 'match' || r.status === 'differ' || r.status === 'newer-failed')
        ? openDimsHint(openDims(older.summary.graph.inputs, opts.dims))
        : '';
    const out: RunResults = { samples: { source, results, ...(hint ? { hint } : {}) } };
    // No sample ran on both (the signatures differ): each model is timed on its own seeded random
    // inputs instead — the same values where the signatures agree, so still a fair comparison.
    let timedOn = `inputs of sample "${results.find((r) => r.status === 'match' || r.status === 'differ')?.name ?? ''}"`;
    if (!timing) {
      try {
        timing = {
          older: generateInputs(older.summary.graph.inputs, { fill: 'random', seed: RANDOM_SAMPLE_SEED, dims: opts.dims }),
          newer: generateInputs(newer.summary.graph.inputs, { fill: 'random', seed: RANDOM_SAMPLE_SEED, dims: opts.dims }),
        };
        timedOn = `each model's own seeded random inputs (seed ${RANDOM_SAMPLE_SEED}; the signatures differ)`;
      } catch {
        timing = undefined; // an input without a known rank: no latency rather than a guess
      }
    }
    if (timing) {
      const lat: SideLatency[] = [];
      for (const [k, [ref, tensors]] of (
        [
          [refA, timing.older],
          [refB, timing.newer],
        ] as const
      ).entries()) {
        const base = samples.length + k * (WARMUP + runs);
        say(base, total, `Timing the ${k === 0 ? 'older' : 'newer'} model`);
        try {
          const { loadMs } = await runtime.open(ref.modelId, ref.filePath, {}, true);
          const p = await runtime.profile(ref.modelId, tensors, {
            warmup: WARMUP,
            runs,
            signal: opts.signal,
            onProgress: (d) => say(base + d, total, `Timing the ${k === 0 ? 'older' : 'newer'} model: run ${d} of ${WARMUP + runs}`),
          });
          const st = latencyStats(1, WARMUP, p.latenciesMs);
          lat.push({ p50: st.p50, p90: st.p90, runs: st.runs, loadMs: Math.round(loadMs * 10) / 10 });
        } catch (err) {
          if (opts.signal?.aborted || (err instanceof AppError && err.code === 'CANCELLED')) throw err;
          break; // a model that runs a sample but not a profile: report no latency rather than fail the diff
        }
      }
      if (lat.length === 2)
        out.performance = { older: lat[0]!, newer: lat[1]!, inputs: `${timedOn}, ${WARMUP} warm-up + ${runs} runs each` };
    }
    say(total, total, 'Done');
    return out;
  } finally {
    await runtime.close(refA.modelId).catch(() => false);
    await runtime.close(refB.modelId).catch(() => false);
  }
}
