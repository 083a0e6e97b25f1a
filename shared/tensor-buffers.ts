// Allocating tensors and moving their values in and out of little-endian byte buffers (.npy data,
// TensorProto raw_data). Typed arrays use the platform's byte order; every platform Electron and
// onnxruntime-node ship for is little-endian, which IS_LITTLE_ENDIAN guards.
import type { Tensor, TensorDataMap, TensorType } from './tensors';

export type NumericType = Exclude<TensorType, 'string'>;

export const ELEM_BYTES: Record<NumericType, number> = {
  float32: 4,
  float64: 8,
  float16: 2,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  uint64: 8,
  bool: 1,
};

export const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Product of the dims (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

type Ctor = new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => ArrayBufferView;
const CTORS: Record<NumericType, Ctor> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

function make<T extends TensorType>(type: T, shape: number[], data: TensorDataMap[T]): Tensor {
  return { type, shape, data } as Tensor;
}

/** A tensor of zeros ("" for strings). */
export function allocTensor(type: TensorType, shape: number[]): Tensor {
  const n = elementCount(shape);
  if (type === 'string') return make('string', shape, new Array<string>(n).fill(''));
  return fromBuffer(type, shape, new ArrayBuffer(n * ELEM_BYTES[type]));
}

function fromBuffer(type: NumericType, shape: number[], buffer: ArrayBuffer): Tensor {
  const data = new CTORS[type](buffer) as TensorDataMap[NumericType];
  return make(type, shape, data);
}

/**
 * A tensor whose values are `bytes` (little-endian, exactly count × element size bytes), copied
 * into a fresh, aligned buffer. bool bytes are normalised to 0/1.
 */
export function tensorFromBytes(type: NumericType, shape: number[], bytes: Uint8Array): Tensor {
  if (!IS_LITTLE_ENDIAN) throw new Error('Big-endian hosts are not supported.');
  // A fresh buffer at offset 0 (aligned); not bytes.slice(), which on a Node Buffer is a view.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  if (type === 'bool') for (let i = 0; i < copy.length; i++) copy[i] = copy[i] ? 1 : 0;
  return fromBuffer(type, shape, copy.buffer);
}

/** The little-endian bytes of a numeric tensor's values (a view, not a copy). */
export function tensorBytes(t: Tensor): Uint8Array {
  if (t.type === 'string') throw new Error('String tensors have no fixed-width bytes.');
  if (!IS_LITTLE_ENDIAN) throw new Error('Big-endian hosts are not supported.');
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** The ArrayBuffers under these tensors, each once (views may share one): what a postMessage can hand over. */
export function tensorBuffers(tensors: Iterable<Tensor>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const t of tensors) if (t.type !== 'string' && t.data.buffer instanceof ArrayBuffer) out.add(t.data.buffer);
  return [...out];
}
