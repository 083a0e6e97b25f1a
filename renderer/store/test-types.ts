// State of the Test step: one draft per graph input (each editor tab keeps its own work, so
// switching tabs loses nothing), the sizes of symbolic dims, the last run, the profile job and the
// golden samples. Reset whenever another model is shown.
import type { PictureInputResult, OpenedModel } from '../../shared/contract';
import type { ErrorData } from '../../shared/errors';
import type { Fill } from '../../shared/generate-inputs';
import type { PredictResult, ProfileResult } from '../../shared/predictions';
import type { PreprocessingSpec } from '../../shared/preprocessing';
import type { JsonTensor, JsonTensorMap } from '../../shared/tensors';

export type InputTab = 'grid' | 'json' | 'file' | 'image' | 'generate';

export interface ImageDraft {
  /** What the form shows; inferred from the signature at first. */
  spec: PreprocessingSpec | null;
  fileName: string | null;
  /** Kept so that a changed spec can be applied again without asking for the file. */
  base64: string | null;
  result: PictureInputResult | null;
  busy: boolean;
  error: ErrorData | null;
}

export interface InputDraft {
  tab: InputTab;
  /** Grid cell texts, flat and row-major (padded with zeros to the shape when read). */
  grid: string[];
  /** The JSON editor's text; null until it is first shown, then filled with a template. */
  json: string | null;
  file: { name: string; tensor: Required<JsonTensor> } | null;
  fileError: ErrorData | null;
  image: ImageDraft;
  generate: { fill: Fill; seed: number };
}

export type RunState = 'idle' | 'running' | 'done' | 'error';

export interface RunInfo {
  state: RunState;
  /** Bumped by every run and cancel: a late answer to an older run is dropped. */
  seq: number;
  result: PredictResult | null;
  /** The inputs the shown result came from (what a golden sample keeps). */
  inputs: JsonTensorMap | null;
  error: ErrorData | null;
}

export interface ProfileForm {
  runs: string;
  warmup: string;
  batchSizes: string;
}

export interface ProfileInfo {
  state: 'idle' | 'starting' | 'running' | 'done' | 'error' | 'cancelled';
  /** The model.profile job (its progress is in the jobs slice), once the host answered. */
  jobId: string | null;
  result: ProfileResult | null;
  error: ErrorData | null;
  form: ProfileForm;
}

export interface GoldenSample {
  id: string;
  name: string;
  inputs: JsonTensorMap;
  outputs: Record<string, Required<JsonTensor>>;
  savedAt: number;
}

export interface TestSlice {
  /** The model the drafts belong to; the step renders nothing for any other. */
  testModelId: string | null;
  dims: Record<string, number>;
  drafts: Record<string, InputDraft>;
  /** Errors of the last Run, by the input they are about. */
  inputErrors: Record<string, ErrorData>;
  run: RunInfo;
  profile: ProfileInfo;
  samples: GoldenSample[];
  resetTest(model: OpenedModel | null): void;
  /** The same model under a new id (saved anew): inputs, results and samples stay. */
  adoptTestModel(model: OpenedModel): void;
  setDim(key: string, size: number): void;
  updateDraft(name: string, patch: Partial<Omit<InputDraft, 'image'>>): void;
  updateImage(name: string, patch: Partial<ImageDraft>): void;
  beginRun(): number;
  finishRun(seq: number, result: PredictResult, inputs: JsonTensorMap): void;
  failRun(seq: number, error: ErrorData, byInput: Record<string, ErrorData>): void;
  /** Stops waiting for the run (the UI never hangs on it); its answer, if any, is dropped. */
  cancelRun(): void;
  setProfileForm(patch: Partial<ProfileForm>): void;
  profileStarting(): void;
  profileStarted(jobId: string): void;
  /** The job's end; ignored unless it is the profile shown (a reset or a newer profile wins). */
  profileDone(jobId: string, result: ProfileResult): void;
  /** `jobId` null: the model.profile call itself failed. A CANCELLED error ends it quietly. */
  profileFailed(jobId: string | null, error: ErrorData): void;
  saveSample(name: string): void;
  removeSample(id: string): void;
}
