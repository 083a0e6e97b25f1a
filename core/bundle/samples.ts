// Golden samples: at pack time the model's outputs for each sample's inputs are recorded; at verify
// time they must come out again (within compare-outputs.ts's tolerances; an output kept as a
// summary, against its summary: shared/bundle/sample-summary.ts). Both run the bundled model
// itself, through the same Predictor as the Test step and the CLI. The files: sample-files.ts.
import { randomBytes } from 'node:crypto';
import type { OutputDifference } from '../../shared/bundle/compare-outputs';
import { compareSampleOutputs } from '../../shared/bundle/sample-summary';
import { AppError } from '../../shared/errors';
import type { ModelSummary } from '../../shared/model-summary';
import { wireToTensor } from '../../shared/tensor-json';
import { tensorToWire } from '../../shared/tensor-wire';
import type { TensorMap, WireTensorMap } from '../../shared/tensors';
import { sha256Hex, type LoadedSample } from './sample-files';
import { Predictor, type ModelHandle } from '../runtime/predictor';
import type { RuntimeService } from '../runtime/runtime-service';

/** Runs `fn` with the model open in the runtime under a fresh id, and closes it afterwards. */
export async function withBundledModel<T>(
  runtime: RuntimeService,
  filePath: string,
  summary: ModelSummary,
  fn: (ref: ModelHandle, predictor: Predictor) => Promise<T>,
): Promise<T> {
  const ref: ModelHandle = { modelId: `bundle-${randomBytes(6).toString('hex')}`, filePath, summary };
  const predictor = new Predictor(runtime);
  try {
    return await fn(ref, predictor);
  } finally {
    await runtime.close(ref.modelId).catch(() => false);
  }
}

/** A sample's inputs (JSON or wire form) → the inputs as the model takes them, and its outputs. */
export async function recordSample(
  predictor: Predictor,
  ref: ModelHandle,
  name: string,
  inputs: WireTensorMap,
  signal?: AbortSignal,
): Promise<{ inputs: TensorMap; outputs: TensorMap }> {
  let tensors;
  try {
    tensors = predictor.decode(ref, inputs);
  } catch (err) {
    throw renamed(err, name);
  }
  // No stats or top-k: only the tensors are kept.
  const result = await predictor.predict(ref, tensors, { signal, summary: false }).catch((err: unknown) => {
    throw renamed(err, name);
  });
  const outputs: TensorMap = {};
  for (const [k, t] of Object.entries(result.outputs)) outputs[k] = wireToTensor(t, `Output "${k}"`);
  return { inputs: tensors, outputs };
}

export interface SampleCheck {
  name: string;
  ok: boolean;
  message: string;
  /** The largest float difference seen. */
  worst?: OutputDifference;
  error?: { code: 'SAMPLE_MISMATCH'; message: string; hint: string };
}

/** Runs a recorded sample again and compares; a model that refuses the inputs throws (its own code). */
export async function checkSample(
  predictor: Predictor,
  ref: ModelHandle,
  name: string,
  sample: LoadedSample,
  signal?: AbortSignal,
): Promise<SampleCheck> {
  const inputs = Object.fromEntries(Object.entries(sample.inputs).map(([k, t]) => [k, tensorToWire(t)]));
  const again = await recordSample(predictor, ref, name, inputs, signal);
  const c = compareSampleOutputs(sample.outputs, { tensors: again.outputs }, sha256Hex);
  const outputs = c.full + c.summarized;
  if (c.ok) {
    const closeness = c.worst
      ? `; largest difference ${c.worst.why.replace(/^\|diff\| /, '')} (output "${c.worst.output}", element ${c.worst.index})`
      : ', exactly';
    const how = c.summarized ? ` (${c.full} element by element, ${c.summarized} against a summary)` : '';
    return {
      name: `sample ${name}`,
      ok: true,
      message: `${outputs} output${outputs === 1 ? '' : 's'} reproduced${how}${closeness}`,
      ...(c.worst ? { worst: c.worst } : {}),
    };
  }
  const m = c.mismatch!;
  const at = m.index >= 0 ? `, element ${m.index}` : '';
  const message = `Sample "${name}", output "${m.output}"${at}: ${m.why}.`;
  return {
    name: `sample ${name}`,
    ok: false,
    message,
    ...(c.worst ? { worst: c.worst } : {}),
    error: {
      code: 'SAMPLE_MISMATCH',
      message,
      hint: 'The model or its runtime no longer computes what was recorded at pack time; check the model file and the onnxruntime version.',
    },
  };
}

/** Prefixes an error with the sample it came from, keeping its code. */
function renamed(err: unknown, name: string): unknown {
  if (!(err instanceof AppError)) return err;
  return new AppError(err.code, `Sample "${name}": ${err.message}`, err.hint);
}
