// The preprocessing spec: how a picture becomes an image input. The same spec (and the math in
// preprocess-pixels.ts) runs in the studio, the renderer's preview and later the server, so a
// model answers the same everywhere. Order of operations, as torchvision's usual pipeline:
//   decode → RGB → resize → center crop → channel order → value = (pixel·scale − mean[c]) / std[c]
//   → layout (NCHW / NHWC, optional batch dim of 1) → dtype.
// mean/std are listed in the output channel order (for BGR: B, G, R, as Caffe models list them).
import { z } from 'zod';
import { AppError } from './errors';
import type { ValueInfo } from './model-summary';

export const INTERPOLATIONS = ['nearest', 'bilinear', 'bicubic', 'lanczos3'] as const;
export const CHANNEL_ORDERS = ['RGB', 'BGR', 'GRAY'] as const;
export const LAYOUTS = ['NCHW', 'NHWC'] as const;
export const PICTURE_DTYPES = ['float32', 'float16', 'float64', 'uint8', 'int8', 'int32', 'int64'] as const;
export type PictureDtype = (typeof PICTURE_DTYPES)[number];

const size = z
  .number()
  .int()
  .positive()
  .max(1 << 15);
const interpolation = z.enum(INTERPOLATIONS).default('bilinear');
const perChannel = z.array(z.number().finite()).min(1).max(3);

export const ResizeSchema = z.discriminatedUnion('mode', [
  /** Shorter side to `size`, keeping the aspect ratio (torchvision `Resize(size)`). */
  z.object({ mode: z.literal('shorter'), size, interpolation }).strict(),
  /** Exactly width × height (stretches). */
  z.object({ mode: z.literal('exact'), width: size, height: size, interpolation }).strict(),
]);

export const PreprocessingSchema = z
  .object({
    resize: ResizeSchema.optional(),
    centerCrop: z.object({ width: size, height: size }).strict().optional(),
    /** GRAY: one channel, luma as PIL's convert('L'). */
    channelOrder: z.enum(CHANNEL_ORDERS).default('RGB'),
    /** Without `batch`: CHW / HWC. */
    layout: z.enum(LAYOUTS).default('NCHW'),
    /** Add a leading batch dim of 1. */
    batch: z.boolean().default(true),
    scale: z.number().finite().default(1),
    /** One value for all channels, or one per channel. */
    mean: perChannel.default([0]),
    std: perChannel.default([1]).refine((s) => s.every((v) => v !== 0), 'std must not contain 0'),
    dtype: z.enum(PICTURE_DTYPES).default('float32'),
  })
  .strict()
  .refine((s) => channelCount(s.channelOrder) >= s.mean.length && channelCount(s.channelOrder) >= s.std.length, {
    message: 'mean and std need one value, or one per channel',
  });

export type PreprocessingSpec = z.output<typeof PreprocessingSchema>;
/** What a user or a file may write: every field optional, defaults filled by parsePreprocessing. */
export type PreprocessingSpecInput = z.input<typeof PreprocessingSchema>;

/** torchvision's ImageNet statistics (for inputs scaled to [0, 1]); copy before changing. */
export const IMAGENET: { mean: number[]; std: number[] } = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

export function channelCount(order: (typeof CHANNEL_ORDERS)[number]): number {
  return order === 'GRAY' ? 1 : 3;
}

export function parsePreprocessing(input: unknown): PreprocessingSpec {
  const r = PreprocessingSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new AppError('INVALID_REQUEST', `Invalid preprocessing spec at ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
}

/** The size after `resize` (torchvision's rounding: the longer side is truncated). */
export function resizedSize(spec: PreprocessingSpec, width: number, height: number): { width: number; height: number } {
  const r = spec.resize;
  if (!r) return { width, height };
  if (r.mode === 'exact') return { width: r.width, height: r.height };
  return width <= height
    ? { width: r.size, height: Math.max(1, Math.floor((r.size * height) / width)) }
    : { width: Math.max(1, Math.floor((r.size * width) / height)), height: r.size };
}

/** The center-crop box inside an image of this size (torchvision's offsets: round half to even). */
export function cropBox(
  spec: PreprocessingSpec,
  width: number,
  height: number,
): { left: number; top: number; width: number; height: number } {
  const c = spec.centerCrop;
  if (!c) return { left: 0, top: 0, width, height };
  if (c.width > width || c.height > height) {
    throw new AppError(
      'INVALID_TENSOR',
      `The image is ${width}×${height} after resizing, smaller than the ${c.width}×${c.height} center crop.`,
      `Resize so the shorter side is at least ${Math.max(c.width, c.height)} pixels, or use a larger image.`,
    );
  }
  return { left: roundHalfEven((width - c.width) / 2), top: roundHalfEven((height - c.height) / 2), width: c.width, height: c.height };
}

export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(r - x) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The tensor shape a spec produces for an image of this (post-crop) size. */
export function outputShape(spec: PreprocessingSpec, width: number, height: number): number[] {
  const c = channelCount(spec.channelOrder);
  const chw = spec.layout === 'NCHW' ? [c, height, width] : [height, width, c];
  return spec.batch ? [1, ...chw] : chw;
}

/**
 * A default spec for an image-like input — [N,3,H,W] / [N,H,W,3] (or 1 channel, or without the
 * batch dim) of float or uint8 — or null when the input does not look like an image. Floats get
 * scale 1/255 (ImageNet mean/std only with `preset: 'imagenet'`); fixed H×W get "resize the
 * shorter side to cover, then center crop", so the picture is never stretched.
 */
export function inferPreprocessing(input: ValueInfo, opts: { preset?: 'imagenet' } = {}): PreprocessingSpec | null {
  const t = input.type;
  const dtype = t.elemType as PictureDtype;
  // Integer tensors of that shape are rarely pictures (masks, ids); only floats and uint8 are.
  if (t.kind !== 'tensor' || !t.shape || !['float32', 'float16', 'float64', 'uint8'].includes(dtype)) return null;
  const shape = t.shape;
  const batch = shape.length === 4;
  if (!batch && shape.length !== 3) return null;
  const dims = batch ? shape.slice(1) : shape;
  const isC = (d: unknown) => d === 1 || d === 3;
  const layout = isC(dims[0]) ? 'NCHW' : isC(dims[2]) ? 'NHWC' : null;
  if (!layout) return null;
  const [c, h, w] = layout === 'NCHW' ? dims : [dims[2], dims[0], dims[1]];
  const float = dtype.startsWith('float');
  const rgb = c === 3;
  const spec: PreprocessingSpecInput = {
    layout,
    batch,
    dtype,
    channelOrder: rgb ? 'RGB' : 'GRAY',
    scale: float ? 1 / 255 : 1,
    ...(float && rgb && opts.preset === 'imagenet' ? { mean: [...IMAGENET.mean], std: [...IMAGENET.std] } : {}),
  };
  if (typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0) {
    spec.resize = { mode: 'shorter', size: Math.max(h, w), interpolation: 'bilinear' };
    spec.centerCrop = { width: w, height: h };
  }
  return parsePreprocessing(spec);
}
