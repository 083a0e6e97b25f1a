// The tensor codec: wireToTensor decodes the wire form (which includes the JSON form, docs/architecture.md §The JSON form of tensors)
// into the typed arrays onnxruntime takes, checking every element; tensorToJson encodes back into
// the JSON form. Pure TS (no Node APIs) so the renderer decodes and checks exactly as the studio
// and server do.
import { AppError } from './errors';
import { halfToNumber, numberToHalf } from './float16';
import { ELEM_BYTES, elementCount } from './tensor-buffers';
import {
  isTensorType,
  isWireArray,
  TENSOR_TYPES,
  type JsonScalar,
  type JsonTensor,
  type Tensor,
  type TensorMap,
  type TensorType,
  type WireTensor,
  type WireTensorMap,
} from './tensors';

/** Types whose typed array holds their values as plain numbers. */
type PlainNumericType = Exclude<TensorType, 'string' | 'bool' | 'int64' | 'uint64' | 'float16'>;
const ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
} as const satisfies Record<PlainNumericType, unknown>;
const INT_RANGE: Partial<Record<TensorType, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 2 ** 32 - 1],
};
const BIG_RANGE = { int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n] } as const;
const INTEGER = /^-?\d+$/;

export { elementCount };

/** Bytes the tensor's data takes in memory (strings: their UTF-16 length, close enough for a cap). */
export function tensorByteLength(t: Tensor): number {
  if (t.type === 'string') return t.data.reduce((n, s) => n + s.length * 2, 0);
  return t.data.length * ELEM_BYTES[t.type];
}

export function bytesPerElement(type: TensorType): number {
  return type === 'string' ? 0 : ELEM_BYTES[type];
}

/**
 * Decodes one tensor in the wire form (so also the JSON form; a typed array is read as a list of
 * numbers, taken as it is when it already is the array onnxruntime wants). `type` falls back to `fallbackType` (the
 * model's signature) when omitted. `label` names the tensor in messages, e.g. `Input "x"`. The
 * element count is not checked here: validateInputs reports it against the shape with the model's
 * expectation.
 */
export function wireToTensor(wire: WireTensor, label: string, fallbackType?: TensorType): Tensor {
  const type = wire.type ?? fallbackType;
  if (type === undefined)
    throw invalid(`${label} has no "type" and the model does not say one.`, `Add "type", one of ${TENSOR_TYPES.join(', ')}.`);
  if (!isTensorType(type))
    throw invalid(`${label} has type ${JSON.stringify(type)}, which is not a tensor type.`, `Use one of ${TENSOR_TYPES.join(', ')}.`);
  if (!Array.isArray(wire.shape) || !wire.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw invalid(`${label} has shape ${JSON.stringify(wire.shape)}; a shape is a list of sizes ≥ 0, e.g. [1, 3].`);
  }
  const typed = isWireArray(wire.data);
  if (!typed && !Array.isArray(wire.data))
    throw invalid(`${label} has no "data" list.`, 'Give the values flat, row-major: "data": [1, 2, 3].');
  const shape = [...wire.shape];
  if (typed) {
    const same = sameArray(type, wire.data);
    if (same) return { type, shape, data: same } as Tensor;
    const big = wire.data instanceof BigInt64Array || wire.data instanceof BigUint64Array;
    if (big && type !== 'int64' && type !== 'uint64')
      throw invalid(
        `${label} is ${type} but its data is a ${wire.data.constructor.name}, which holds 64-bit integers.`,
        `Send a list of numbers or a typed array of ${type} values.`,
      );
  }
  // A typed array goes through the same per-element checks as a list: its elements are numbers.
  const d = wire.data as readonly JsonScalar[];
  const bad = (i: number, expected: string) => invalid(`${label} element ${i} is ${show(d[i])}; ${type} expects ${expected}.`);

  switch (type) {
    case 'string': {
      d.forEach((v, i) => {
        if (typeof v !== 'string') throw bad(i, 'strings');
      });
      return { type, shape, data: d as string[] };
    }
    case 'bool': {
      const out = new Uint8Array(d.length);
      d.forEach((v, i) => {
        if (v === true || v === 1) out[i] = 1;
        else if (v !== false && v !== 0) throw bad(i, 'true/false (or 1/0)');
      });
      return { type, shape, data: out };
    }
    case 'int64':
    case 'uint64': {
      const [lo, hi] = BIG_RANGE[type];
      const out = type === 'int64' ? new BigInt64Array(d.length) : new BigUint64Array(d.length);
      d.forEach((v, i) => {
        let b: bigint;
        if (typeof (v as unknown) === 'bigint') b = v as unknown as bigint;
        else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
        else if (typeof v === 'string' && INTEGER.test(v.trim())) b = BigInt(v.trim());
        else if (typeof v === 'number' && Number.isInteger(v))
          throw bad(i, 'integers; beyond 2^53 write them as decimal strings to stay exact');
        else throw bad(i, 'integers (decimal strings beyond 2^53)');
        if (b < lo || b > hi) throw bad(i, `integers from ${lo} to ${hi}`);
        out[i] = b;
      });
      return { type, shape, data: out } as Tensor;
    }
    case 'float16': {
      const out = new Uint16Array(d.length);
      d.forEach((v, i) => {
        out[i] = numberToHalf(floatOf(v, () => bad(i, FLOAT_FORMS)));
      });
      return { type, shape, data: out };
    }
    default: {
      const out = new ARRAYS[type](d.length);
      const range = INT_RANGE[type];
      if (range) decodeInts(d, out, range[0], range[1], bad);
      else decodeFloats(d, out as Float32Array | Float64Array, bad);
      return { type, shape, data: out } as Tensor;
    }
  }
}

/** The typed array itself when it is exactly what `type` holds in memory (no copy, no loop). */
function sameArray(type: TensorType, d: WireTensor['data']): Tensor['data'] | null {
  switch (type) {
    case 'int64':
      return d instanceof BigInt64Array ? d : null;
    case 'uint64':
      return d instanceof BigUint64Array ? d : null;
    case 'string':
    case 'bool':
    case 'float16':
      return null; // bool must be checked for 0/1; float16's array holds bits, not values
    default:
      return d instanceof ARRAYS[type] ? (d as Tensor['data']) : null;
  }
}

function show(v: unknown): string {
  return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
}

/**
 * The hot loop of every prediction's input (tensors can hold millions of values): a plain indexed
 * loop with the number case inline and everything else out of line, no closure or string per
 * element. Measured 1.6–2× faster than the same loop inlined in the switch above.
 */
function decodeFloats(d: readonly JsonScalar[], out: Float32Array | Float64Array, bad: (i: number, expected: string) => AppError): void {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    out[i] = typeof v === 'number' ? v : nonFinite(v, i, bad);
  }
}

function decodeInts(
  d: readonly JsonScalar[],
  out: ArrayLike<number> & { [i: number]: number },
  lo: number,
  hi: number,
  bad: (i: number, expected: string) => AppError,
): void {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    // `v === Math.trunc(v)` is Number.isInteger for numbers in range (NaN fails the range test too).
    if (typeof v === 'number' && v >= lo && v <= hi && v === Math.trunc(v)) out[i] = v;
    else out[i] = intFromString(v, i, lo, hi, bad);
  }
}

function intFromString(
  v: JsonScalar | undefined,
  i: number,
  lo: number,
  hi: number,
  bad: (i: number, expected: string) => AppError,
): number {
  const n = typeof v === 'string' && INTEGER.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > hi) throw bad(i, `integers from ${lo} to ${hi}`);
  return n;
}

function nonFinite(v: JsonScalar | undefined, i: number, bad: (i: number, expected: string) => AppError): number {
  return floatOf(v as JsonScalar, () => bad(i, FLOAT_FORMS));
}

const FLOAT_FORMS = 'numbers, "NaN", "Infinity" or "-Infinity"';
function floatOf(v: JsonScalar, fail: () => AppError): number {
  if (typeof v === 'number') return v;
  // A decimal integer string, as exact-json.ts reads an integer literal beyond 2^53 (ints take them too).
  if (typeof v === 'string' && INTEGER.test(v)) return Number(v);
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity' || v === '+Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw fail();
}

/** The JSON form: non-finite floats as strings, 64-bit integers as numbers only when exact. */
export function tensorToJson(t: Tensor): Required<JsonTensor> {
  const shape = [...t.shape];
  const n = t.data.length;
  const data = jsonArray(n);
  switch (t.type) {
    case 'string':
      return { type: t.type, shape, data: [...t.data] };
    case 'bool':
      for (let i = 0; i < n; i++) data[i] = t.data[i] !== 0;
      break;
    case 'int64':
    case 'uint64':
      for (let i = 0; i < n; i++) {
        const b = t.data[i]!;
        data[i] = b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b.toString();
      }
      break;
    case 'float16':
      for (let i = 0; i < n; i++) data[i] = jsonFloat(halfToNumber(t.data[i]!));
      break;
    case 'float32':
    case 'float64':
      // A plain indexed loop: several times faster than Array.from / spread on a typed array.
      for (let i = 0; i < n; i++) {
        const v = t.data[i]!;
        data[i] = v - v === 0 ? v : jsonFloat(v);
      }
      break;
    default:
      for (let i = 0; i < n; i++) data[i] = t.data[i]!;
  }
  return { type: t.type, shape, data };
}

/**
 * An array of n slots to fill by index. Seeded with a fraction so its backing store starts as
 * unboxed doubles: `new Array(n)` starts as small integers and copies itself on the first
 * fractional store (measured ~2× slower to fill with a float tensor's values).
 */
export function jsonArray(n: number): JsonScalar[] {
  const a: JsonScalar[] = [0.5];
  a.length = n;
  return a;
}

function jsonFloat(v: number): JsonScalar {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** Decodes every input (wire form); a tensor without "type" takes the type the model declares for that name. */
export function wireMapToTensorMap(map: WireTensorMap, typeOf: (name: string) => TensorType | undefined): TensorMap {
  const out: TensorMap = {};
  for (const [name, wire] of Object.entries(map)) out[name] = wireToTensor(wire, `Input "${name}"`, typeOf(name));
  return out;
}

function invalid(message: string, hint?: string): AppError {
  return new AppError('INVALID_TENSOR', message, hint);
}
