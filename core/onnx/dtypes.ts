// ONNX TensorProto.DataType codes ↔ ElemType names (onnxruntime-node's names) and storage sizes.
import type { ElemType } from '../../shared/model-summary';

const NAMES: readonly ElemType[] = [
  'undefined',
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
  'float8e8m0',
  'uint2',
  'int2',
];

/** Bits per element; 0 for string/undefined (no fixed size). Sub-byte types pack several per byte. */
const BITS: readonly number[] = [0, 32, 8, 8, 16, 16, 32, 64, 0, 8, 16, 64, 32, 64, 64, 128, 16, 8, 8, 8, 8, 4, 4, 4, 8, 2, 2];

export function elemTypeName(code: number): ElemType {
  return NAMES[code] ?? `unknown(${code})`;
}

export function elemTypeCode(name: ElemType): number {
  return NAMES.indexOf(name);
}

/** Bytes that `count` elements take in memory (packed for 4-/2-bit types); NaN when unknown. */
export function byteLengthOf(code: number, count: number): number {
  const bits = BITS[code];
  if (bits === undefined || bits === 0) return Number.NaN;
  return bits >= 8 ? count * (bits / 8) : Math.ceil((count * bits) / 8);
}

/** Size of one element in bytes for types that have one (used to decode small raw tensors). */
export function elemSize(code: number): number {
  const bits = BITS[code] ?? 0;
  return bits >= 8 ? bits / 8 : 0;
}

export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

const scratch = new DataView(new ArrayBuffer(4));
/** bfloat16 → number (the top half of a float32); no DataView allocated per element. */
export function bfloat16ToNumber(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}
