// The older model's golden samples on both models, through the same Predictor as the Test step
// (inputs checked against each model's own signature first): a sample the newer model refuses is a
// result ("newer-failed" with the code and message), never a crash of the comparison.
import type { SampleInputs } from '../../shared/bundle/sample';
import { compareSampleOutputs } from '../../shared/diff/sample-diff';
import type { SampleResult } from '../../shared/diff/types';
import { AppError, toErrorData } from '../../shared/errors';
import { wireMapToJsonMap } from '../../shared/tensor-wire';
import type { TensorMap } from '../../shared/tensors';
import type { ModelHandle, Predictor } from '../runtime/predictor';

export interface SampleRun {
  result: SampleResult;
  /** The older model's decoded inputs when both models ran them (for the latency runs). */
  tensors?: { older: TensorMap; newer: TensorMap };
}

/** `renamedOutputs`: older output name → newer name, so a renamed output is still compared. */
export async function runSample(
  predictor: Predictor,
  older: ModelHandle,
  newer: ModelHandle,
  sample: SampleInputs,
  signal?: AbortSignal,
  renamedOutputs: Record<string, string> = {},
): Promise<SampleRun> {
  const failed = (status: 'older-failed' | 'newer-failed', err: unknown): SampleRun => {
    if (err instanceof AppError && err.code === 'CANCELLED') throw err;
    if (signal?.aborted) throw new AppError('CANCELLED', 'Comparing the models was cancelled.');
    const e = toErrorData(err);
    return { result: { name: sample.name, status, outputs: [], error: { code: e.code, message: e.message } } };
  };
  const run = async (model: ModelHandle) => {
    const tensors = predictor.decode(model, sample.inputs);
    return { tensors, outputs: (await predictor.predict(model, tensors, { signal, summary: false })).outputs };
  };
  let a;
  try {
    a = await run(older);
  } catch (err) {
    return failed('older-failed', err);
  }
  let b;
  try {
    b = await run(newer);
  } catch (err) {
    return failed('newer-failed', err);
  }
  return {
    result: compareSampleOutputs(sample.name, wireMapToJsonMap(a.outputs), wireMapToJsonMap(b.outputs), renamedOutputs),
    tensors: { older: a.tensors, newer: b.tensors },
  };
}
