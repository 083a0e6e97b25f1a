// Tensors as they cross our boundaries. Two forms:
// - JsonTensor: the JSON form (docs/architecture.md §The JSON form of tensors; CLI files, the Test
//   step, the server): flat, row-major; int64/uint64 as numbers when safe integers, else decimal
//   strings; float16 as numbers; bool as true/false; strings as strings; non-finite floats as "NaN"
//   / "Infinity" / "-Infinity".
// - Tensor: typed arrays as onnxruntime-node takes them (float16 as raw bits in a Uint16Array,
//   int64/uint64 as BigInt arrays so values beyond 2^53 stay exact). Structured-clonable, so it
//   crosses to the runtime process without re-encoding.

/** The element types onnxruntime-node runs, named as it names them. */
export const TENSOR_TYPES = [
  'float32',
  'float64',
  'float16',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
  'string',
] as const;
export type TensorType = (typeof TENSOR_TYPES)[number];

export interface TensorDataMap {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
  string: string[];
}

export type Tensor = { [T in TensorType]: { type: T; shape: number[]; data: TensorDataMap[T] } }[TensorType];
export type TensorMap = Record<string, Tensor>;

export type JsonScalar = number | string | boolean;
export interface JsonTensor {
  /** Optional on input: taken from the model's signature when omitted. */
  type?: TensorType;
  shape: number[];
  data: JsonScalar[];
}
export type JsonTensorMap = Record<string, JsonTensor>;

/**
 * The wire form (model.predict, between the studio's processes and pages): the JSON form, except
 * that `data` may be a typed array, read as a list of numbers (its values, never its bytes
 * reinterpreted). See shared/tensor-wire.ts for why.
 */
export type WireArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;
export interface WireTensor {
  type?: TensorType;
  shape: number[];
  data: JsonScalar[] | WireArray;
}
export type WireTensorMap = Record<string, WireTensor>;

/** Constructors a wire array may have, by name: the allow-list binary frames decode against. */
export const WIRE_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  BigInt64Array,
  BigUint64Array,
} as const;
export type WireArrayName = keyof typeof WIRE_ARRAYS;

export function isWireArray(v: unknown): v is WireArray {
  if (!ArrayBuffer.isView(v)) return false;
  const name = v.constructor.name;
  return Object.hasOwn(WIRE_ARRAYS, name) && v instanceof WIRE_ARRAYS[name as WireArrayName];
}

export function isTensorType(t: unknown): t is TensorType {
  return typeof t === 'string' && (TENSOR_TYPES as readonly string[]).includes(t);
}
