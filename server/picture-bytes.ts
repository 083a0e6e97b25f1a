// Image inputs sent as BYTES: each batch item is one encoded picture (PNG, JPEG or WebP; base64 in
// JSON), decoded and resized by the studio's own sharp code and turned into the tensor by the
// shared pixel math, for the inputs whose kind in the bundle's metadata is image, through the
// preprocessing spec it records for that input (else the default the Test step would pick for it).
// So `curl` with a photo gets exactly what the Test step fed the model. sharp is loaded on first
// use: a server whose model takes no pictures never needs it in the image.
import { AppError } from '../shared/errors';
import { pictureSpec } from '../shared/metadata/input-kind';
import type { Metadata } from '../shared/metadata/schema';
import type { ValueInfo } from '../shared/model-summary';
import type { PreprocessingSpec } from '../shared/preprocessing';
import { tensorToJson } from '../shared/tensor-json';
import type { Tensor, WireTensor } from '../shared/tensors';
import { flatData, type OipInput } from '../shared/oip/codec';

/** The spec for an input fed pictures, or null when it takes no pictures (then BYTES means strings). */
export function pictureSpecFor(input: ValueInfo | undefined, metadata: Metadata): PreprocessingSpec | null {
  return input ? pictureSpec(input, metadata) : null;
}

/** BYTES pictures → the input tensor: one picture per batch item, stacked on the batch dim. */
export async function picturesToTensor(input: OipInput, spec: PreprocessingSpec): Promise<WireTensor> {
  const items = flatData(input.data, `Input "${input.name}"`);
  if (items.length === 0) throw new AppError('INVALID_TENSOR', `Input "${input.name}" has no pictures.`);
  if (!spec.batch && items.length > 1)
    throw new AppError('INVALID_TENSOR', `Input "${input.name}" takes one picture (its tensor has no batch dim); got ${items.length}.`);
  const { pictureToTensor } = await import('../core/inputs/picture');
  const tensors: Tensor[] = [];
  for (const [i, item] of items.entries()) {
    const what = `The picture ${i} of input "${input.name}"`;
    if (typeof item !== 'string')
      throw new AppError(
        'INVALID_TENSOR',
        `${what} is not a base64 string.`,
        "Send each picture's file bytes base64-encoded, one string per batch item.",
      );
    tensors.push(await pictureToTensor(Buffer.from(item, 'base64'), spec, what));
  }
  return stack(tensors, input.name);
}

/** Concatenates same-shaped [1, …] tensors along the first dim (or returns the one unbatched tensor). */
function stack(tensors: Tensor[], name: string): WireTensor {
  const first = tensors[0]!;
  if (tensors.length === 1) return asWire(first);
  const key = first.shape.slice(1).join(',');
  const bad = tensors.findIndex((t) => t.shape.slice(1).join(',') !== key);
  if (bad >= 0)
    throw new AppError(
      'INVALID_TENSOR',
      `The pictures of input "${name}" give tensors of different shapes ([${first.shape}] and [${tensors[bad]!.shape}]).`,
      "Set a resize and center crop in the input's preprocessing so every picture comes out the same size.",
    );
  const n = first.data.length;
  const Ctor = (first.data as unknown as { constructor: new (len: number) => { set(a: ArrayLike<unknown>, at: number): void } })
    .constructor;
  const data = new Ctor(n * tensors.length);
  tensors.forEach((t, i) => data.set(t.data as ArrayLike<unknown>, i * n));
  return asWire({ type: first.type, shape: [tensors.length, ...first.shape.slice(1)], data } as Tensor);
}

/** The wire form reads a typed array as values; float16's array holds bits, so it goes as JSON. */
function asWire(t: Tensor): WireTensor {
  return t.type === 'float16' ? tensorToJson(t) : (t as WireTensor);
}
