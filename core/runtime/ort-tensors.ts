// Our Tensor ⇄ onnxruntime's Tensor, inside the runtime worker only (it imports onnxruntime-node).
import * as ort from 'onnxruntime-node';
import { isTensorType, type Tensor } from '../../shared/tensors';
import { AppError } from '../../shared/errors';

export function tensorToOrt(t: Tensor): ort.Tensor {
  return new ort.Tensor(t.type, t.data as never, t.shape);
}

export function ortToTensor(name: string, t: ort.Tensor): Tensor {
  if (!isTensorType(t.type)) throw new AppError('UNSUPPORTED_TYPE', `Output "${name}" is ${t.type}, which the studio cannot show yet.`);
  let data = t.data as unknown;
  // float16 arrives as raw bits, unless a runtime with Float16Array hands us one: keep the bits.
  if (t.type === 'float16' && !(data instanceof Uint16Array)) {
    const view = data as ArrayBufferView;
    data = new Uint16Array(view.buffer, view.byteOffset, view.byteLength / 2);
  }
  // A view into a larger buffer would clone the whole buffer on its way to the caller.
  if (ArrayBuffer.isView(data) && data.byteLength !== data.buffer.byteLength) data = (data as Uint8Array).slice();
  return { type: t.type, shape: [...t.dims], data } as Tensor;
}
