// A serialized ONNX TensorProto (an ONNX test-data `input_0.pb`) → Tensor + its name. Values come
// from raw_data (little-endian, fixed width) or from the typed field the ONNX spec assigns to the
// type: float_data (float32), double_data (float64), int64_data (int64), uint64_data (uint32,
// uint64), string_data (string), and int32_data for int32, int16, int8, uint16, uint8, bool and
// float16 (its bit pattern). See docs/reference.md §ONNX wire format and §ONNX data types.
import { AppError } from './errors';
import { ProtoReader } from './proto-reader';
import { ELEM_BYTES, allocTensor, elementCount, tensorFromBytes } from './tensor-buffers';
import type { NumericType } from './tensor-buffers';
import type { Tensor, TensorType } from './tensors';

/** ONNX DataType code → the type onnxruntime-node runs; codes missing here ORT cannot take. */
const TYPES: Partial<Record<number, TensorType>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
};
const OTHER_NAMES: Record<number, string> = {
  0: 'undefined',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1',
  24: 'float8e8m0',
  25: 'uint2',
  26: 'int2',
};

/** Which typed field holds each type when raw_data is absent. */
const FIELD_OF: Record<TensorType, number> = {
  float32: 4,
  float64: 10,
  int64: 7,
  uint32: 11,
  uint64: 11,
  string: 6,
  int32: 5,
  int16: 5,
  int8: 5,
  uint16: 5,
  uint8: 5,
  bool: 5,
  float16: 5,
};
const FIELD_NAMES: Record<number, string> = {
  4: 'float_data',
  5: 'int32_data',
  6: 'string_data',
  7: 'int64_data',
  10: 'double_data',
  11: 'uint64_data',
};

export interface NamedTensor {
  /** The TensorProto's name ('' when it has none). */
  name: string;
  tensor: Tensor;
}

interface Fields {
  dims: number[];
  dataType: number;
  name: string;
  raw?: Uint8Array;
  /** Typed values by field number: numbers (float/double/int32 low word) or lo/hi pairs (int64/uint64). */
  typed: Map<number, number[]>;
  strings: string[];
  external: boolean;
}

/** One element of a typed field: varint (int32 / int64 / uint64), fixed32 (float), fixed64 (double). */
function readElem(r: ProtoReader, view: DataView, field: number, wt: number, out: number[]): void {
  if (wt === 5 && field === 4) out.push(view.getFloat32(r.advance(4), true));
  else if (wt === 1 && field === 10) out.push(view.getFloat64(r.advance(8), true));
  else if (wt === 0 && field === 5) {
    r.varint64();
    out.push(r.lo | 0);
  } else if (wt === 0 && (field === 7 || field === 11)) {
    r.varint64();
    out.push(r.lo, r.hi);
  } else throw r.fail(`has ${FIELD_NAMES[field]} with wire type ${wt}, which does not fit it.`);
}

const PACKED_WT: Record<number, number> = { 4: 5, 5: 0, 7: 0, 10: 1, 11: 0 };

function readFields(r: ProtoReader): Fields {
  const f: Fields = { dims: [], dataType: 0, name: '', typed: new Map(), strings: [], external: false };
  const dec = new TextDecoder('utf-8');
  const view = new DataView(r.buf.buffer, r.buf.byteOffset, r.buf.byteLength);
  while (r.pos < r.end) {
    const tag = r.uint();
    const field = Math.floor(tag / 8);
    const wt = tag & 7;
    if (field === 1 && wt === 0) f.dims.push(r.int64());
    else if (field === 1 && wt === 2) {
      const [start, end] = r.delimited();
      const inner = new ProtoReader(r.buf, r.what, start, end);
      while (inner.pos < end) f.dims.push(inner.int64());
    } else if (field === 2 && wt === 0) f.dataType = r.uint();
    else if (field === 8 && wt === 2) f.name = dec.decode(r.buf.subarray(...r.delimited()));
    else if (field === 9 && wt === 2) f.raw = r.buf.subarray(...r.delimited());
    else if (field === 6 && wt === 2) f.strings.push(dec.decode(r.buf.subarray(...r.delimited())));
    else if (field === 14 && wt === 0) f.external = r.uint() === 1;
    else if (field === 3 && wt === 2)
      throw r.fail('is a segment of a larger tensor (TensorProto.segment), which cannot be read on its own.');
    else if (PACKED_WT[field] !== undefined) {
      let out = f.typed.get(field);
      if (!out) f.typed.set(field, (out = []));
      if (wt === 2) {
        const [start, end] = r.delimited(); // packed (possibly split into several runs)
        const inner = new ProtoReader(r.buf, r.what, start, end);
        while (inner.pos < end) readElem(inner, view, field, PACKED_WT[field]!, out);
      } else readElem(r, view, field, wt, out);
    } else r.skip(wt);
  }
  return f;
}

/** Parses a serialized TensorProto. `what` names it in errors (e.g. the file path). */
export function parseTensorProto(bytes: Uint8Array, what = 'The TensorProto'): NamedTensor {
  const r = new ProtoReader(bytes, what);
  const f = readFields(r);
  const type = TYPES[f.dataType];
  if (!type) {
    const name = OTHER_NAMES[f.dataType] ?? `unknown(${f.dataType})`;
    if (f.dataType === 0) throw r.fail('has no data_type; it is not a TensorProto (or an empty file).');
    throw new AppError(
      'UNSUPPORTED_TYPE',
      `${what}: holds ${name} values, which onnxruntime cannot take as an input.`,
      'Convert the tensor to a supported type such as float32 and save it again.',
    );
  }
  if (f.external) throw r.fail('keeps its values in an external file (data_location = EXTERNAL), which test inputs cannot use.');
  if (f.dims.some((d) => d < 0 || !Number.isSafeInteger(d))) throw r.fail(`has invalid dims [${f.dims.join(', ')}].`);
  const shape = f.dims;
  const count = elementCount(shape);
  const mismatch = (where: string, got: number) =>
    r.fail(`has ${got} values in ${where} but its dims [${shape.join(', ')}] need ${count}.`);

  if (type === 'string') {
    if (f.raw?.length) throw r.fail('stores strings in raw_data; ONNX keeps strings in string_data.');
    if (f.strings.length !== count) throw mismatch('string_data', f.strings.length);
    return { name: f.name, tensor: { type, shape, data: f.strings } };
  }
  if (f.raw !== undefined && f.raw.length > 0) {
    const want = count * ELEM_BYTES[type];
    if (f.raw.length !== want) throw r.fail(`has ${f.raw.length} bytes of raw_data but ${type} dims [${shape.join(', ')}] need ${want}.`);
    return { name: f.name, tensor: tensorFromBytes(type, shape, f.raw) };
  }
  const field = FIELD_OF[type];
  const values = f.typed.get(field) ?? [];
  const wide = field === 7 || field === 11; // lo/hi pairs
  const got = wide ? values.length / 2 : values.length;
  if (got !== count) throw mismatch(f.typed.size || f.raw ? FIELD_NAMES[field]! : 'raw_data or any typed field', got);
  return { name: f.name, tensor: fromValues(type, shape, values, wide) };
}

function fromValues(type: NumericType, shape: number[], values: number[], wide: boolean): Tensor {
  const t = allocTensor(type, shape);
  if (t.type === 'string') return t;
  const { data } = t;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    new Uint32Array(data.buffer).set(values); // lo/hi pairs are the little-endian words of each value
  } else if (wide) {
    for (let i = 0; i < data.length; i++) data[i] = values[2 * i]!; // uint32 from uint64_data
  } else if (type === 'bool') {
    for (let i = 0; i < values.length; i++) data[i] = values[i] ? 1 : 0;
  } else data.set(values); // typed-array set wraps int32_data into int8/uint8/uint16/float16 bits
  return t;
}
