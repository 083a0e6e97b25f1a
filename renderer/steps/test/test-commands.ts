// What the Test step asks for, as plain functions: they read the drafts, call the transport and
// record the outcome in the store, so the components stay free of async bookkeeping.
import { AppError, toErrorData, type ErrorData } from '../../../shared/errors';
import type { ValueInfo } from '../../../shared/model-summary';
import { parseNpy } from '../../../shared/npy';
import type { ProfileResult } from '../../../shared/predictions';
import type { PreprocessingSpec } from '../../../shared/preprocessing';
import { parseTensorProto } from '../../../shared/tensor-proto';
import { tensorToJson, wireToTensor } from '../../../shared/tensor-json';
import { tensorToWire } from '../../../shared/tensor-wire';
import type { JsonTensorMap, TensorMap } from '../../../shared/tensors';
import { validateInputs } from '../../../shared/validate-inputs';
import { cancelJob, startJob } from '../../app/jobs';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { batchRule, checkBatchSizes } from './batch-sizes';
import { inputOfError, inputType, resolveDraft } from './input-model';

function modelInputs(): { modelId: string; inputs: ValueInfo[] } | null {
  const { model, testModelId } = useStudio.getState();
  if (!model || model.modelId !== testModelId) return null;
  return { modelId: model.modelId, inputs: model.summary.graph.inputs };
}

/** Run: every draft resolved and checked here first (same codes as the host), then model.predict. */
export async function runPrediction(): Promise<void> {
  const m = modelInputs();
  const before = useStudio.getState();
  if (!m || before.run.state === 'running') return;
  // The banner of the previous run's failure goes; the inline errors are re-derived below.
  if (before.error && before.error === before.run.error) before.dismissError();
  const seq = before.beginRun();
  const names = m.inputs.map((i) => i.name);
  // A picture still converting (e.g. right after a spec change) is waited for, not run stale.
  await Promise.all(converting.values());
  if (useStudio.getState().run.seq !== seq) return;
  const store = useStudio.getState();
  const fail = (error: ErrorData, byInput: Record<string, ErrorData>) => {
    useStudio.getState().failRun(seq, error, byInput);
    useStudio.getState().reportError(error);
  };
  const json: JsonTensorMap = {};
  const errors: Record<string, ErrorData> = {};
  for (const input of m.inputs) {
    const out = resolveDraft(store.drafts[input.name]!, input, store.dims);
    if ('error' in out) errors[input.name] = out.error;
    else json[input.name] = out.tensor;
  }
  const first = Object.values(errors)[0];
  if (first) return fail(first, errors);
  try {
    // Across inputs: one symbolic dim given two sizes (each input alone was checked above).
    const tensors: TensorMap = {};
    for (const input of m.inputs) {
      const t = inputType(input);
      if ('type' in t) tensors[input.name] = wireToTensor(json[input.name]!, `Input "${input.name}"`, t.type);
    }
    validateInputs(tensors, m.inputs, { maxBytes: Number.POSITIVE_INFINITY });
    // The decoded typed arrays go, not the JSON lists: nothing on the way formats or parses a number.
    const inputs = Object.fromEntries(names.map((n) => [n, tensors[n] ? tensorToWire(tensors[n]) : json[n]!]));
    currentRun = `run${seq}x${Date.now().toString(36)}`;
    const result = await getApi().call('model.predict', { modelId: m.modelId, inputs, runId: currentRun });
    useStudio.getState().finishRun(seq, result, json);
  } catch (e) {
    if (useStudio.getState().run.seq !== seq) return; // cancelled or replaced: not this run's news
    const error = toErrorData(e);
    const name = inputOfError(error, names);
    fail(error, name ? { [name]: error } : {});
  }
}

/** The run in flight, which Cancel stops in the runtime (not only in the page). */
let currentRun: string | null = null;

export function cancelPrediction(): void {
  useStudio.getState().cancelRun();
  if (currentRun)
    void getApi()
      .call('model.cancelPredict', { runId: currentRun })
      .catch(() => {});
  currentRun = null;
}

/** A .npy or ONNX TensorProto (.pb), parsed here with the shared readers: no round trip needed. */
export async function loadTensorFile(name: string, file: File): Promise<void> {
  const what = `"${file.name}"`;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const isNpy = bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY';
    if (!isNpy && !/\.(pb|tensorproto)$/i.test(file.name)) {
      throw new AppError(
        'INVALID_TENSOR',
        `${what} is neither a NumPy .npy file nor an ONNX TensorProto (.pb).`,
        'Save the array with numpy.save(), or onnx.numpy_helper.from_array(...).SerializeToString().',
      );
    }
    const tensor = isNpy ? parseNpy(bytes, what) : parseTensorProto(bytes, what).tensor;
    useStudio.getState().updateDraft(name, { file: { name: file.name, tensor: tensorToJson(tensor) }, fileError: null });
  } catch (e) {
    useStudio.getState().updateDraft(name, { file: null, fileError: toErrorData(e) });
  }
}

const MAX_PICTURE = 32 * 1024 * 1024;

async function toBase64(file: File): Promise<string> {
  // FileReader's data URL is base64 done natively: far faster than btoa over a byte loop.
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
  return url.slice(url.indexOf(',') + 1);
}

/** A picture goes to the main process, where sharp decodes and resizes it like the CLI does. */
export async function loadImage(name: string, file: File): Promise<void> {
  if (file.size > MAX_PICTURE) {
    useStudio.getState().updateImage(name, {
      fileName: file.name,
      base64: null,
      result: null,
      error: {
        code: 'TOO_LARGE',
        message: `"${file.name}" is ${Math.round(file.size / 2 ** 20)} MB; pictures up to 32 MB are taken.`,
        hint: 'Use a smaller picture.',
      },
    });
    return;
  }
  let base64: string;
  try {
    base64 = await toBase64(file);
  } catch (e) {
    useStudio.getState().updateImage(name, { fileName: file.name, error: toErrorData(e) });
    return;
  }
  useStudio.getState().updateImage(name, { fileName: file.name, base64 });
  await convertImage(name);
}

/** (Re)converts the kept picture with the spec in the form; a newer request wins. */
const latest = new Map<string, number>();
const converting = new Map<string, Promise<void>>();
export function convertImage(name: string, spec?: PreprocessingSpec): Promise<void> {
  const work = convert(name, spec).finally(() => {
    if (converting.get(name) === work) converting.delete(name);
  });
  converting.set(name, work);
  return work;
}

async function convert(name: string, spec?: PreprocessingSpec): Promise<void> {
  const m = modelInputs();
  const draft = useStudio.getState().drafts[name];
  if (!m || !draft) return;
  if (spec) useStudio.getState().updateImage(name, { spec });
  const { base64, spec: current } = useStudio.getState().drafts[name]!.image;
  if (!base64) return;
  const ticket = (latest.get(name) ?? 0) + 1;
  latest.set(name, ticket);
  useStudio.getState().updateImage(name, { busy: true, error: null });
  try {
    const result = await getApi().call('input.fromPicture', {
      modelId: m.modelId,
      input: name,
      pictureBase64: base64,
      ...(current ? { preprocessing: current } : {}),
    });
    if (latest.get(name) === ticket) useStudio.getState().updateImage(name, { busy: false, result, spec: result.spec });
  } catch (e) {
    if (latest.get(name) === ticket) useStudio.getState().updateImage(name, { busy: false, result: null, error: toErrorData(e) });
  }
}

/** "1, 8" → [1, 8]; anything else → an error naming the field. */
export function parseCount(text: string, field: string, min: number): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < min) throw new AppError('INVALID_REQUEST', `${field} must be a whole number ≥ ${min}; got "${text}".`);
  return n;
}

export async function startProfile(): Promise<void> {
  const m = modelInputs();
  const s = useStudio.getState();
  if (!m || s.profile.state === 'starting' || s.profile.state === 'running') return;
  s.profileStarting();
  // Set by onStarted (the cast keeps TypeScript from reading it as always null).
  let jobId = null as string | null;
  try {
    const { runs, warmup, batchSizes } = s.profile.form;
    // The form's own check (batch-sizes.ts): the same rule the profiler applies.
    const checked = checkBatchSizes(batchSizes, batchRule(s.model?.summary.graph.inputs ?? []));
    if (checked.error !== null) throw new AppError('INVALID_REQUEST', checked.error);
    const sizes = checked.sizes;
    // Other symbolic dims take the sizes set above the inputs (unknown dims have no name to pass).
    const dims = Object.fromEntries(Object.entries(s.dims).filter(([k]) => !k.includes('#')));
    const input = {
      modelId: m.modelId,
      runs: parseCount(runs, 'Runs', 1),
      warmup: parseCount(warmup, 'Warm-up runs', 0),
      batchSizes: sizes,
      dims,
    };
    const result = await startJob<ProfileResult>(() => getApi().call('model.profile', input), {
      onStarted(id) {
        jobId = id;
        useStudio.getState().profileStarted(id);
      },
    });
    if (jobId) useStudio.getState().profileDone(jobId, result);
  } catch (e) {
    useStudio.getState().profileFailed(jobId, toErrorData(e));
  }
}

export async function cancelProfile(): Promise<void> {
  const { jobId, state } = useStudio.getState().profile;
  if (jobId && state === 'running') await cancelJob(jobId);
}
