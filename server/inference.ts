// One OIP infer call, the same for HTTP requests and the start-up self-test: the body → tensors
// (codec-pool.ts: on a codec thread when big; pictures through their preprocessing) → the studio's
// checks, codes and messages (Predictor.check) → the dynamic batcher → the runtime thread → the
// response body (JSON, or the binary tensor extension for the outputs asked for that way).
import { performance } from 'node:perf_hooks';
import { AppError } from '../shared/errors';
import type { Tensor } from '../shared/tensors';
import type { Predictor } from '../core/runtime/predictor';
import { wireToTensor } from '../shared/tensor-json';
import { picturesToTensor, pictureSpecFor } from './picture-bytes';
import type { Batcher } from './batcher';
import type { CodecPool } from './codec-pool';
import type { EncodedResponse } from './infer-codec';
import type { Metrics } from './metrics';
import type { ServedModel } from './served-model';

export class Inference {
  /** BYTES inputs that take encoded pictures, by the bundle's metadata. */
  private readonly pictureInputs: string[];

  constructor(
    private readonly model: ServedModel,
    private readonly predictor: Predictor,
    private readonly batcher: Batcher,
    private readonly codec: CodecPool,
    private readonly metrics?: Metrics,
  ) {
    const { summary, manifest } = model;
    this.pictureInputs = summary.graph.inputs.filter((i) => pictureSpecFor(i, manifest.metadata)).map((i) => i.name);
  }

  /** `headerLength`: the Inference-Header-Content-Length of a binary-extension body, else null. */
  async infer(body: Buffer, headerLength: number | null): Promise<EncodedResponse> {
    const { handle, summary, manifest } = this.model;
    const req = await this.codec.decode(body, headerLength, this.pictureInputs);
    const tensors = req.tensors;
    for (const input of req.pictures) {
      const spec = pictureSpecFor(
        summary.graph.inputs.find((i) => i.name === input.name),
        manifest.metadata,
      )!;
      tensors[input.name] = wireToTensor(await picturesToTensor(input, spec), `Input "${input.name}"`);
    }
    const outputNames = req.outputs?.map((o) => o.name);
    this.predictor.check(handle, tensors, outputNames);
    const started = performance.now();
    const r = await this.batcher.submit(tensors, outputNames);
    this.metrics?.observeInference((performance.now() - started - r.queueMs) / 1000, r.batchRows, r.queueMs / 1000);
    const names = outputNames ?? summary.graph.outputs.map((o) => o.name);
    const binary = new Set(req.outputs ? req.outputs.filter((o) => o.binary).map((o) => o.name) : req.binaryOutput ? names : []);
    const outputs = names.map((n): [string, Tensor] => {
      const t = r.outputs[n];
      if (!t) throw new AppError('RUNTIME_ERROR', `The runtime returned no output "${n}".`);
      return [n, t];
    });
    const meta = { model_name: this.model.name, model_version: this.model.version, ...(req.id !== undefined ? { id: req.id } : {}) };
    return this.codec.encode(meta, outputs, binary);
  }
}
