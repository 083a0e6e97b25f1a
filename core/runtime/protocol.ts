// Messages between the RuntimeService (caller's process) and the runtime worker (the process that
// owns onnxruntime). Tensors travel as typed arrays: both carriers (child_process with
// serialization 'advanced', Electron's utilityProcess) structured-clone them, BigInt arrays included.
import type { ErrorData } from '../../shared/errors';
import type { SessionOptions } from '../../shared/predictions';
import type { TensorMap } from '../../shared/tensors';

export type WorkerRequest =
  | { id: number; op: 'open'; modelId: string; path: string; options: SessionOptions }
  | { id: number; op: 'run'; modelId: string; inputs: TensorMap; outputNames?: string[] }
  | { id: number; op: 'profile'; modelId: string; inputs: TensorMap; warmup: number; runs: number }
  | { id: number; op: 'close'; modelId: string }
  /** Stops a profile between two runs (a single run cannot be interrupted: ORT blocks until done). */
  | { op: 'cancel'; target: number };

export type WorkerMessage =
  | { kind: 'ready'; ortVersion: string }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: ErrorData }
  | { kind: 'progress'; id: number; done: number; total: number };

export interface OpenInfo {
  loadMs: number;
  inputNames: string[];
  outputNames: string[];
}

export interface RunOutput {
  outputs: TensorMap;
  runMs: number;
}

export interface ProfileOutput {
  latenciesMs: number[];
  peakRssMB: number;
  rssMB: number;
}
