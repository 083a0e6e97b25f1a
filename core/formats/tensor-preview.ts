// The first values of one tensor of a safetensors or GGUF file, for the tensor table's preview.
// One bounded read at the tensor's offset: never more than `max` values, whatever the header says.
// Block-quantized GGUF types are not dequantized; the preview says so instead.
import type { ForeignTensor } from '../../shared/formats/types';
import { AppError } from '../../shared/errors';
import { halfToNumber } from '../../shared/float16';
import { bfloat16ToNumber } from '../onnx/dtypes';
import type { FileSource } from '../onnx/file-source';

/** More values than a preview can show; also bounds the read to 8 MB. */
export const MAX_PREVIEW_VALUES = 1_000_000;

export interface TensorPreview {
  /** The first `shown` values in storage order (row-major; for GGUF, ne[0] varies fastest). */
  values: number[];
  shown: number;
  /** Elements in the tensor, when its shape is known. */
  total: number | null;
  /** Over the shown values that are finite; absent when there are none. */
  stats?: { min: number; max: number; mean: number };
  /** Why nothing (or less than asked) is shown: a quantized type, an unknown offset, a truncated file. */
  note?: string;
}

type Decode = (b: Buffer, at: number) => number;

/** Plain little-endian element types, by the names safetensors and GGUF both use. */
const DECODERS: Record<string, { size: number; decode: Decode }> = {
  F64: { size: 8, decode: (b, at) => b.readDoubleLE(at) },
  F32: { size: 4, decode: (b, at) => b.readFloatLE(at) },
  F16: { size: 2, decode: (b, at) => halfToNumber(b.readUInt16LE(at)) },
  BF16: { size: 2, decode: (b, at) => bfloat16ToNumber(b.readUInt16LE(at)) },
  I64: { size: 8, decode: (b, at) => Number(b.readBigInt64LE(at)) },
  U64: { size: 8, decode: (b, at) => Number(b.readBigUInt64LE(at)) },
  I32: { size: 4, decode: (b, at) => b.readInt32LE(at) },
  U32: { size: 4, decode: (b, at) => b.readUInt32LE(at) },
  I16: { size: 2, decode: (b, at) => b.readInt16LE(at) },
  U16: { size: 2, decode: (b, at) => b.readUInt16LE(at) },
  I8: { size: 1, decode: (b, at) => b.readInt8(at) },
  U8: { size: 1, decode: (b, at) => b[at]! },
  BOOL: { size: 1, decode: (b, at) => (b[at] ? 1 : 0) },
};

/** numpy-style names, as the torch, HDF5, TFLite and Keras readers give them (little-endian only). */
const ALIASES: Record<string, string> = {
  float64: 'F64',
  float32: 'F32',
  float16: 'F16',
  bfloat16: 'BF16',
  int64: 'I64',
  uint64: 'U64',
  int32: 'I32',
  uint32: 'U32',
  int16: 'I16',
  uint16: 'U16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};

/** GGUF's block-quantized types: Q4_0, Q4_K, IQ2_XXS, TQ1_0, MXFP4… */
const QUANTIZED = /^(Q\d|IQ\d|TQ\d|MXFP4)/;

/**
 * Reads at most `max` values of tensor `t` from `src`, the file that holds its data (for a sharded
 * model, the shard named by `t.file`; resolve it with resolveShardPath).
 */
export function previewForeignTensor(src: FileSource, t: ForeignTensor, max: number): TensorPreview {
  if (!Number.isInteger(max) || max < 0) {
    throw new AppError(
      'INVALID_REQUEST',
      `A preview takes a whole number of values, not ${max}.`,
      'Ask for between 0 and 1,000,000 values.',
    );
  }
  const total = elementsOf(t);
  const codec = DECODERS[ALIASES[t.dtype] ?? t.dtype];
  if (!codec) {
    const note = QUANTIZED.test(t.dtype)
      ? `values are quantized (${t.dtype}); not previewed`
      : `values of dtype ${t.dtype} are not previewed`;
    return { values: [], shown: 0, total, note };
  }
  if (t.offset === undefined) return { values: [], shown: 0, total, note: 'the data offset of this tensor is unknown; not previewed' };

  if (total === null && t.bytes === null) return { values: [], shown: 0, total, note: 'the size of this tensor is unknown; not previewed' };
  let n = Math.min(max, MAX_PREVIEW_VALUES, total ?? Math.floor((t.bytes ?? 0) / codec.size));
  if (t.bytes !== null) n = Math.min(n, Math.floor(t.bytes / codec.size));
  const want = n * codec.size;
  const buf = Buffer.alloc(want);
  const got = t.offset < src.size ? src.read(buf, 0, want, t.offset) : 0;
  let note: string | undefined;
  if (got < want) {
    n = Math.floor(got / codec.size);
    note = `the file ends inside this tensor; ${n} value(s) could be read`;
  }
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = codec.decode(buf, i * codec.size);
  const out: TensorPreview = { values, shown: n, total };
  const s = stats(values);
  if (s) out.stats = s;
  if (note) out.note = note;
  return out;
}

function elementsOf(t: ForeignTensor): number | null {
  if (!t.shape) return null;
  let n = 1;
  for (const d of t.shape) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return Number.isSafeInteger(n) ? n : null;
}

function stats(values: number[]): TensorPreview['stats'] {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  return count ? { min, max, mean: sum / count } : undefined;
}
