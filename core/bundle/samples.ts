// Golden samples: at pack time the model's outputs for each sample's inputs are recorded; at verify
// time they must come out again (within compare-outputs.ts's tolerances). Both run the bundled
// model itself, through the same Predictor as the Test step and the CLI.
import { randomBytes } from 'node:crypto';
import { compareOutputs, type OutputDifference } from '../../shared/bundle/compare-outputs';
import type { SampleFile } from '../../shared/bundle/sample';
import { AppError } from '../../shared/errors';
import type { ModelSummary } from '../../shared/model-summary';
import { tensorToJson } from '../../shared/tensor-json';
import { wireMapToJsonMap } from '../../shared/tensor-wire';
import type { WireTensorMap } from '../../shared/tensors';
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

/** A sample's inputs (JSON or wire form) → the sample file: inputs as the model takes them, its outputs. */
export async function recordSample(
  predictor: Predictor,
  ref: ModelHandle,
  name: string,
  inputs: WireTensorMap,
  signal?: AbortSignal,
): Promise<SampleFile> {
  let tensors;
  try {
    tensors = predictor.decode(ref, inputs);
  } catch (err) {
    throw renamed(err, name);
  }
  const result = await predictor.predict(ref, tensors, { signal }).catch((err: unknown) => {
    throw renamed(err, name);
  });
  return {
    inputs: Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, tensorToJson(t)])),
    outputs: wireMapToJsonMap(result.outputs),
  };
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
  sample: SampleFile,
  signal?: AbortSignal,
): Promise<SampleCheck> {
  const again = await recordSample(predictor, ref, name, sample.inputs, signal);
  const c = compareOutputs(sample.outputs, again.outputs);
  const outputs = Object.keys(sample.outputs).length;
  if (c.ok) {
    const closeness = c.worst
      ? `; largest difference ${c.worst.why.replace(/^\|diff\| /, '')} (output "${c.worst.output}", element ${c.worst.index})`
      : ', exactly';
    return {
      name: `sample ${name}`,
      ok: true,
      message: `${outputs} output${outputs === 1 ? '' : 's'} reproduced${closeness}`,
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
