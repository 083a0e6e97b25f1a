// Convert to ONNX as the renderer and the CLI see it (docs/formats.md §Convert to ONNX): the plan
// shown before anything runs, and the job's result with its parity check. The conversion's own
// types (inputs, parity rows) are core/convert's, in ./convert-types.
import type { OpenedModel } from '../contract';
import type { ConvertInput, ParityReport, PythonEnv } from './convert-types';

export type { ConvertInput, ParityReport, ParityRow } from './convert-types';

export interface ConvertPlanView {
  /** False when this file cannot be converted at all (a state_dict without its class, GGUF…). */
  supported: boolean;
  /** Why not, or what is missing, in a sentence; null when Convert can run. */
  reason: string | null;
  /** What to do about `reason`. */
  hint: string | null;
  /** What does the conversion: torch.onnx.export, tf2onnx, skl2onnx. */
  converter: string | null;
  /** The exact script that runs (or would, once the inputs are given). */
  script: string | null;
  /** Code to adapt when the file cannot be converted as it is (a state_dict needs its class). */
  snippet: string | null;
  /** Commands to run by hand: installing what is missing, or converting without the studio. */
  commands: string[];
  /** Things worth reading before running (version limits, what loading does). */
  notes: string[];
  python: Pick<PythonEnv, 'python' | 'version' | 'frameworks' | 'error'>;
  /** Python and the framework are there and the scan allows it: the Convert button works. */
  ready: boolean;
  /** The inputs the conversion uses: from the reader where it knows them, else to be filled in. */
  inputs: ConvertInput[];
  /** The user must give the input shapes (TorchScript keeps none). */
  inputsRequired: boolean;
}

export interface ConvertDone {
  /** The converted model, opened: the wizard continues with it. */
  opened: OpenedModel;
  /** Where it was written. */
  displayPath: string;
  bytes: number;
  seconds: number;
  converter: string;
  /** The script that ran, exactly. */
  script: string;
  /** "3.11.2 · torch 1.13.1" */
  pythonVersion: string;
  frameworks: Record<string, string>;
  parity: ParityReport;
}
