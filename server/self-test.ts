// The start-up self-test: every golden sample of the bundle goes through the server's own infer
// path (OIP request body → codec → checks → batcher → runtime → OIP response body) and must reproduce the outputs
// recorded at pack time: outputs kept in full element by element within the bundle's tolerances,
// summarized ones against their summary (compareSampleOutputs). The server is ready only once all
// of them pass. Its time is the model's load plus one run per sample plus reading the sample
// files, which lean samples keep small (docs/architecture.md §Bundle format).
import { readSample, sha256Hex } from '../core/bundle/sample-files';
import { compareSampleOutputs } from '../shared/bundle/sample-summary';
import { AppError } from '../shared/errors';
import { tensorToJson } from '../shared/tensor-json';
import type { JsonTensor } from '../shared/tensors';
import type { Inference } from './inference';
import { OIP_DATATYPES, oipDatatype, type OipOutput } from '../shared/oip/codec';
import { parseJsonExact } from '../shared/exact-json';
import type { ServedModel } from './served-model';

export interface SelfTestResult {
  samples: number;
  ms: number;
}

/** Resolves when every sample reproduces; throws SAMPLE_MISMATCH (or the sample's own error) at the first that does not. */
export async function runSelfTest(model: ServedModel, inference: Inference): Promise<SelfTestResult> {
  const started = performance.now();
  for (const s of model.manifest.samples) {
    const sample = await readSample(model.root, s);
    const request = {
      id: `self-test-${s.name}`,
      inputs: Object.entries(sample.inputs).map(([name, t]) => ({
        name,
        datatype: oipDatatype(t.type),
        shape: t.shape,
        data: tensorToJson(t).data,
      })),
    };
    const answer = await inference.infer(Buffer.from(JSON.stringify(request)), null).catch((err: unknown) => {
      throw err instanceof AppError ? new AppError(err.code, `Sample "${s.name}": ${err.message}`, err.hint) : err;
    });
    const response = parseJsonExact(Buffer.from(answer.body).toString('utf8')) as { outputs: OipOutput[] };
    const actual: Record<string, Required<JsonTensor>> = {};
    for (const o of response.outputs) actual[o.name] = { type: OIP_DATATYPES[o.datatype], shape: o.shape, data: o.data };
    const c = compareSampleOutputs(sample.outputs, { json: actual }, sha256Hex);
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
