// Results of the Test step's calls (model.predict, model.profile) as every transport carries them,
// and the session options both take.
import { z } from 'zod';
import type { TensorStats, TopK } from './output-summary';
import type { WireTensor } from './tensors';

/** onnxruntime session options the studio exposes (docs/reference.md §onnxruntime-node). */
export const SessionOptionsSchema = z
  .object({
    /** 0 = onnxruntime's default (one per physical core). */
    intraOpNumThreads: z.number().int().min(0).max(1024).optional(),
    graphOptimizationLevel: z.enum(['disabled', 'basic', 'extended', 'all']).optional(),
    /** Fixes symbolic dims at load time, e.g. { batch: 1 }, letting onnxruntime plan memory ahead. */
    freeDimensionOverrides: z.record(z.string().min(1).max(256), z.number().int().positive()).optional(),
  })
  .strict();
export type SessionOptions = z.output<typeof SessionOptionsSchema>;

export interface PredictResult {
  /** Wire form: float32 and other plain numeric outputs as typed arrays (wireToJson for files). */
  outputs: Record<string, Required<WireTensor>>;
  /** Per numeric output. */
  stats: Record<string, TensorStats>;
  /** Per output that looks like class scores ([C] or [batch, C] floats). */
  topk: Record<string, TopK>;
  /**
   * Wall time through the service: validation, transfer to the runtime process, run, transfer back
   * (a session load on first use is not included).
   */
  ms: number;
  /** session.run alone, inside the runtime process. */
  runMs: number;
}

export interface LatencyStats {
  batch: number;
  /** The exact shape of every input this batch ran with (generated or given). */
  shapes?: Record<string, number[]>;
  warmup: number;
  runs: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  runsPerSec: number;
}

export interface ProfileResult {
  /** InferenceSession.create for a fresh session with the requested options. */
  loadMs: number;
  batches: LatencyStats[];
  /** Peak resident memory of the runtime process over its life (it may hold other models too). */
  peakRssMB: number;
  /** Resident memory of the runtime process after the last run. */
  rssMB: number;
  /** The symbolic dim that took each batch size, or null when the model has a fixed batch. */
  batchDim: string | null;
  session: SessionOptions;
}
