// One OIP infer call, the same for HTTP requests and the start-up self-test: OIP tensors → the
// studio's wire form (pictures through their preprocessing) → the studio's Predictor (its checks,
// codes and messages, then the runtime thread) → OIP outputs.
import { AppError } from '../shared/errors';
import type { WireTensorMap } from '../shared/tensors';
import type { Predictor } from '../core/runtime/predictor';
import { picturesToTensor, pictureSpecFor } from './picture-bytes';
import { oipInputToWire, wireToOipOutput, type OipOutput } from '../shared/oip/codec';
import type { InferRequest } from './oip-request';
import type { Metrics } from './metrics';
import type { AdmissionQueue } from './queue';
import type { ServedModel } from './served-model';

export interface InferResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: OipOutput[];
}

export class Inference {
  constructor(
    private readonly model: ServedModel,
    private readonly predictor: Predictor,
    private readonly queue: AdmissionQueue,
    private readonly metrics?: Metrics,
  ) {}

  infer(req: InferRequest): Promise<InferResponse> {
    // Admitted before any decoding: a picture's decode holds memory too, so it counts against the bound.
    return this.queue.run(async () => {
      const { handle, summary, manifest } = this.model;
      const wire: WireTensorMap = {};
      for (const input of req.inputs) {
        if (Object.hasOwn(wire, input.name))
          throw new AppError('INVALID_REQUEST', `Input "${input.name}" is given twice.`, 'Send each input once.');
        const spec =
          input.datatype === 'BYTES'
            ? pictureSpecFor(
                summary.graph.inputs.find((i) => i.name === input.name),
                manifest.metadata,
              )
            : null;
        wire[input.name] = spec ? await picturesToTensor(input, spec) : oipInputToWire(input);
      }
      const tensors = this.predictor.decode(handle, wire);
      const outputNames = req.outputs?.map((o) => o.name);
      // No stats or top-k: an OIP answer carries the tensors alone.
      const result = await this.predictor.predict(handle, tensors, { outputNames, summary: false });
      this.metrics?.observeInference(result.runMs / 1000);
      const names = outputNames ?? summary.graph.outputs.map((o) => o.name);
      return {
        model_name: this.model.name,
        model_version: this.model.version,
        ...(req.id !== undefined ? { id: req.id } : {}),
        outputs: names.map((n) => wireToOipOutput(n, result.outputs[n]!)),
      };
    });
  }
}
