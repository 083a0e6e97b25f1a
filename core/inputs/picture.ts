// Pictures in Node: decode PNG / JPEG / WebP with sharp (prebuilt libvips), turn it upright
// (EXIF orientation, as the picture is shown), convert to 8-bit sRGB (CMYK and grey included),
// drop alpha (as PIL's convert('RGB')), resize per the spec, then the shared math.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { AppError } from '../../shared/errors';
import { pixelsToTensor } from '../../shared/preprocess-pixels';
import type { Pixels } from '../../shared/preprocess-pixels';
import { resizedSize } from '../../shared/preprocessing';
import type { PreprocessingSpec } from '../../shared/preprocessing';
import type { Tensor } from '../../shared/tensors';

const KERNELS = { nearest: 'nearest', bilinear: 'linear', bicubic: 'cubic', lanczos3: 'lanczos3' } as const;
/** Decoding bombs: refuse images over 100 megapixels. */
const MAX_PIXELS = 100_000_000;

/** PNG, JPEG or WebP by their magic bytes; anything else (SVG, GIF, TIFF, …) is refused before decoding. */
export function sniffPicture(b: Uint8Array): 'png' | 'jpeg' | 'webp' | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

export interface DecodedPicture extends Pixels {
  /** The picture's own (upright) size before resizing. */
  source: { width: number; height: number; format: string; space: string; channels: number };
}

/** Decodes and resizes; pixels are 3-channel 8-bit sRGB. `what` names the image in errors. */
export async function decodePicture(
  input: string | Uint8Array,
  spec: PreprocessingSpec,
  what = typeof input === 'string' ? input : 'The image',
): Promise<DecodedPicture> {
  const bytes = typeof input === 'string' ? await readFile(input) : input;
  const format = sniffPicture(bytes);
  if (!format) {
    throw new AppError('INVALID_TENSOR', `${what} is not a PNG, JPEG or WebP image.`, 'Convert the picture to PNG or JPEG.');
  }
  try {
    const img = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).autoOrient();
    const meta = await img.metadata();
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.height;
    const target = resizedSize(spec, width, height);
    img.removeAlpha().toColourspace('srgb');
    if (target.width !== width || target.height !== height) {
      const kernel = KERNELS[spec.resize?.interpolation ?? 'bilinear'];
      img.resize(target.width, target.height, { fit: 'fill', kernel, fastShrinkOnLoad: false });
    }
    const { data, info } = await img.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: info.channels,
      source: { width, height, format, space: meta.space ?? 'unknown', channels: meta.channels },
    };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(
      'INVALID_TENSOR',
      `${what} could not be decoded as ${format.toUpperCase()}: ${(e as Error).message}.`,
      'The file may be damaged; open and re-save it as PNG or JPEG.',
    );
  }
}

/** An image file or bytes → the tensor `spec` describes. */
export async function pictureToTensor(input: string | Uint8Array, spec: PreprocessingSpec, what?: string): Promise<Tensor> {
  return pixelsToTensor(await decodePicture(input, spec, what), spec);
}
