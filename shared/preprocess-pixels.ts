// The pure math of preprocessing.ts: decoded 8-bit pixels (already resized) → a Tensor, and back
// to displayable RGBA for the preview. No decoding here: Node decodes with sharp, the renderer
// with a canvas; both hand the same pixels to the same function.
import { AppError } from './errors';
import { halfToNumber, numberToHalf } from './float16';
import { channelCount, cropBox, outputShape, roundHalfEven } from './preprocessing';
import type { PreprocessingSpec } from './preprocessing';
import { allocTensor } from './tensor-buffers';
import type { Tensor } from './tensors';

/** Interleaved 8-bit pixels: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA (alpha is ignored). */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: number;
}

const INT_RANGE: Record<string, [number, number]> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 53), 2 ** 53],
};

/** Luma of 8-bit RGB exactly as PIL's convert('L') (ITU-R 601-2, fixed point). */
export function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/** Center crop, channel order, (pixel·scale − mean) / std, layout and dtype. */
export function pixelsToTensor(px: Pixels, spec: PreprocessingSpec): Tensor {
  const { width: W, height: H, channels: inC, data } = px;
  if (![1, 2, 3, 4].includes(inC) || data.length !== W * H * inC) {
    throw new AppError('INVALID_TENSOR', `Decoded image data has ${data.length} bytes, which is not ${W}×${H}×${inC} (1–4 channels).`);
  }
  const box = cropBox(spec, W, H);
  const C = channelCount(spec.channelOrder);
  const shape = outputShape(spec, box.width, box.height);
  const t = allocTensor(spec.dtype, shape);
  const out = t.data as Float64Array | Float32Array | Uint16Array | Uint8Array | Int8Array | Int32Array | BigInt64Array;
  const mean = Array.from({ length: C }, (_, c) => spec.mean[spec.mean.length === 1 ? 0 : c]!);
  const std = Array.from({ length: C }, (_, c) => spec.std[spec.std.length === 1 ? 0 : c]!);
  const [lo, hi] = INT_RANGE[spec.dtype] ?? [0, 0];
  // Source channel for each output channel: RGB → 0,1,2; BGR → 2,1,0; grey sources repeat channel 0.
  const src = spec.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const grey = inC < 3;
  const w = box.width;
  const h = box.height;
  const plane = w * h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = ((y + box.top) * W + (x + box.left)) * inC;
      const o = y * w + x;
      for (let c = 0; c < C; c++) {
        let v: number;
        if (spec.channelOrder === 'GRAY') v = grey ? data[p]! : luma(data[p]!, data[p + 1]!, data[p + 2]!);
        else v = data[grey ? p : p + src[c]!]!;
        v = (v * spec.scale - mean[c]!) / std[c]!;
        const i = spec.layout === 'NCHW' ? c * plane + o : o * C + c;
        if (t.type === 'float16') out[i] = numberToHalf(v);
        else if (t.type === 'float32' || t.type === 'float64') out[i] = v;
        else {
          const r = Math.min(hi, Math.max(lo, roundHalfEven(v)));
          if (t.type === 'int64') out[i] = BigInt(r);
          else out[i] = r;
        }
      }
    }
  }
  return t;
}

/**
 * The inverse, for a preview: a tensor this spec produced → RGBA bytes (undoing std, mean and
 * scale, clamped to 0–255). Only the first image of a batch is shown.
 */
export function previewPixels(t: Tensor, spec: PreprocessingSpec): { data: Uint8ClampedArray; width: number; height: number } {
  const C = channelCount(spec.channelOrder);
  const dims = spec.batch ? t.shape.slice(1) : t.shape;
  const [h, w] = spec.layout === 'NCHW' ? [dims[1]!, dims[2]!] : [dims[0]!, dims[1]!];
  if (t.type === 'string' || t.type === 'bool' || dims.length !== 3) {
    throw new AppError(
      'INVALID_TENSOR',
      `A ${t.type} tensor of shape [${t.shape.join(', ')}] cannot be previewed with this preprocessing spec.`,
    );
  }
  const out = new Uint8ClampedArray(w * h * 4);
  const plane = w * h;
  const value = (i: number) => (t.type === 'float16' ? halfToNumber(t.data[i]!) : Number(t.data[i]!));
  for (let o = 0; o < plane; o++) {
    for (let c = 0; c < 3; c++) {
      const k = Math.min(c, C - 1);
      const i = spec.layout === 'NCHW' ? k * plane + o : o * C + k;
      const m = spec.mean[spec.mean.length === 1 ? 0 : k]!;
      const s = spec.std[spec.std.length === 1 ? 0 : k]!;
      const v = (value(i) * s + m) / spec.scale;
      out[o * 4 + (spec.channelOrder === 'BGR' ? 2 - c : c)] = v; // clamped and rounded by the array
    }
    out[o * 4 + 3] = 255;
  }
  return { data: out, width: w, height: h };
}
