// The start-up self-test: every golden sample of the bundle goes through the server's own infer
// path (OIP request → codec → Predictor → runtime → OIP response) and must reproduce the outputs
// recorded at pack time, within the bundle's tolerances (compareOutputs). The server is ready
// only once all of them pass.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compareOutputs } from '../shared/bundle/compare-outputs';
import { parseSampleFile, type SampleFile } from '../shared/bundle/sample';
import { AppError } from '../shared/errors';
import type { JsonTensor } from '../shared/tensors';
import type { Inference } from './inference';
import { OIP_DATATYPES, oipDatatype } from '../shared/oip/codec';
import type { ServedModel } from './served-model';

export interface SelfTestResult {
  samples: number;
  ms: number;
}

/** Resolves when every sample reproduces; throws SAMPLE_MISMATCH (or the sample's own error) at the first that does not. */
export async function runSelfTest(model: ServedModel, inference: Inference): Promise<SelfTestResult> {
  const started = performance.now();
  for (const s of model.manifest.samples) {
    let sample: SampleFile;
    try {
      sample = parseSampleFile(JSON.parse(await readFile(path.join(model.root, s.path), 'utf8')), s.path);
    } catch (err) {
      throw err instanceof SyntaxError ? new AppError('BUNDLE_INVALID', `${s.path} is not valid JSON.`) : err;
    }
    const response = await inference
      .infer({
        id: `self-test-${s.name}`,
        inputs: Object.entries(sample.inputs).map(([name, t]) => ({ name, datatype: oipDatatype(t.type), shape: t.shape, data: t.data })),
      })
      .catch((err: unknown) => {
        throw err instanceof AppError ? new AppError(err.code, `Sample "${s.name}": ${err.message}`, err.hint) : err;
      });
    const actual: Record<string, Required<JsonTensor>> = {};
    for (const o of response.outputs) actual[o.name] = { type: OIP_DATATYPES[o.datatype], shape: o.shape, data: o.data };
    const c = compareOutputs(sample.outputs, actual);
    if (!c.ok) {
      const m = c.mismatch!;
      throw new AppError(
        'SAMPLE_MISMATCH',
        `Sample "${s.name}", output "${m.output}"${m.index >= 0 ? `, element ${m.index}` : ''}: ${m.why}.`,
        'The model or its runtime no longer computes what was recorded at pack time; check the onnxruntime version in the image.',
      );
    }
  }
  return { samples: model.manifest.samples.length, ms: performance.now() - started };
}
