// Decoding a tensor's stored bytes element by element, and the running statistics over them. Kept
// apart from the file reading (initializer-preview.ts) so that both raw bytes and the varints of
// the typed fields (int32_data…) go through the same accumulator.
import { halfToNumber } from '../../shared/float16';
import type { ElemType } from '../../shared/model-summary';
import type { InitializerStats } from '../../shared/initializer-preview';
import type { JsonScalar } from '../../shared/tensors';
import { bfloat16ToNumber } from './dtypes';
import { int64Value, uint64Value } from './wire';

/** How a dtype's elements are held while reading: plain numbers, 64-bit integers, booleans. */
export type ValueClass = 'float' | 'int' | 'int64' | 'uint64' | 'bool';

export interface FixedDecoder {
  cls: ValueClass;
  /** Bytes per element in raw_data / external data (little-endian). */
  size: number;
  read(b: Buffer, o: number): number | bigint | boolean;
}

// 64-bit integers as numbers while they are exact (|v| < 2^53, nearly always), bigints beyond:
// a BigInt per element made int64 tensors ~3× slower to scan.
function readInt64(b: Buffer, o: number): number | bigint {
  const hi = b.readInt32LE(o + 4);
  return hi >= -0x200000 && hi < 0x200000 ? hi * 0x1_0000_0000 + b.readUInt32LE(o) : b.readBigInt64LE(o);
}
function readUint64(b: Buffer, o: number): number | bigint {
  const hi = b.readUInt32LE(o + 4);
  return hi < 0x200000 ? hi * 0x1_0000_0000 + b.readUInt32LE(o) : b.readBigUInt64LE(o);
}

/**
 * The 8-bit floats of ONNX (docs/Float8.md), as tables of all 256 bit patterns. `bias` and
 * `subnormal` scale follow the format; `fnuz` kinds have one NaN (0x80) and no -0 and no infinity;
 * e4m3fn has NaN at S.1111.111 and no infinity; e5m2 is IEEE-like (the top byte of a float16).
 */
function float8Table(kind: 'e4m3fn' | 'e4m3fnuz' | 'e5m2' | 'e5m2fnuz'): Float64Array {
  const t = new Float64Array(256);
  const expBits = kind.startsWith('e4') ? 4 : 5;
  const manBits = 7 - expBits;
  const bias = kind === 'e4m3fn' ? 7 : kind === 'e4m3fnuz' ? 8 : kind === 'e5m2' ? 15 : 16;
  for (let b = 0; b < 256; b++) {
    const sign = b & 0x80 ? -1 : 1;
    const e = (b >> manBits) & ((1 << expBits) - 1);
    const m = b & ((1 << manBits) - 1);
    let v: number;
    if (kind.endsWith('fnuz') && b === 0x80) v = Number.NaN;
    else if (kind === 'e4m3fn' && (b & 0x7f) === 0x7f) v = Number.NaN;
    else if (kind === 'e5m2' && e === 31) v = m ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else if (e === 0) v = sign * m * 2 ** (1 - bias - manBits);
    else v = sign * (1 + m / (1 << manBits)) * 2 ** (e - bias);
    t[b] = v;
  }
  return t;
}
const F8 = {
  e4m3fn: float8Table('e4m3fn'),
  e4m3fnuz: float8Table('e4m3fnuz'),
  e5m2: float8Table('e5m2'),
  e5m2fnuz: float8Table('e5m2fnuz'),
};
/** float4e2m1: sign, 2 exponent bits (bias 1), 1 mantissa bit. */
const F4 = [0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6];

/** Decodes one 8-bit float pattern (a byte of raw_data, or the low byte of an int32_data entry). */
export function float8Value(dtype: ElemType, bits: number): number {
  const b = bits & 0xff;
  switch (dtype) {
    case 'float8e4m3fn':
      return F8.e4m3fn[b]!;
    case 'float8e4m3fnuz':
      return F8.e4m3fnuz[b]!;
    case 'float8e5m2':
      return F8.e5m2[b]!;
    case 'float8e5m2fnuz':
      return F8.e5m2fnuz[b]!;
    default:
      return b === 0xff ? Number.NaN : 2 ** (b - 127); // float8e8m0: a power of two
  }
}

/**
 * Sub-byte types, packed: `perByte` elements in each byte, the first in the lowest bits (ONNX's
 * int4/uint4/float4e2m1 two per byte, int2/uint2 four per byte).
 */
export interface PackedDecoder {
  cls: ValueClass;
  perByte: 2 | 4;
  /** Element `k` (0 = lowest bits) of byte `byte`. */
  read(byte: number, k: number): number;
}

export const PACKED: Partial<Record<ElemType, PackedDecoder>> = {
  uint4: { cls: 'int', perByte: 2, read: (b, k) => (b >> (4 * k)) & 0xf },
  int4: { cls: 'int', perByte: 2, read: (b, k) => (((b >> (4 * k)) & 0xf) << 28) >> 28 },
  float4e2m1: { cls: 'float', perByte: 2, read: (b, k) => F4[(b >> (4 * k)) & 0xf]! },
  uint2: { cls: 'int', perByte: 4, read: (b, k) => (b >> (2 * k)) & 0x3 },
  int2: { cls: 'int', perByte: 4, read: (b, k) => (((b >> (2 * k)) & 0x3) << 30) >> 30 },
};

/** Raw little-endian layouts of the dtypes a preview can show; others are not listed. */
export const FIXED: Partial<Record<ElemType, FixedDecoder>> = {
  float8e4m3fn: { cls: 'float', size: 1, read: (b, o) => F8.e4m3fn[b[o]!]! },
  float8e4m3fnuz: { cls: 'float', size: 1, read: (b, o) => F8.e4m3fnuz[b[o]!]! },
  float8e5m2: { cls: 'float', size: 1, read: (b, o) => F8.e5m2[b[o]!]! },
  float8e5m2fnuz: { cls: 'float', size: 1, read: (b, o) => F8.e5m2fnuz[b[o]!]! },
  float8e8m0: { cls: 'float', size: 1, read: (b, o) => float8Value('float8e8m0', b[o]!) },
  float32: { cls: 'float', size: 4, read: (b, o) => b.readFloatLE(o) },
  float64: { cls: 'float', size: 8, read: (b, o) => b.readDoubleLE(o) },
  float16: { cls: 'float', size: 2, read: (b, o) => halfToNumber(b.readUInt16LE(o)) },
  bfloat16: { cls: 'float', size: 2, read: (b, o) => bfloat16ToNumber(b.readUInt16LE(o)) },
  int8: { cls: 'int', size: 1, read: (b, o) => b.readInt8(o) },
  uint8: { cls: 'int', size: 1, read: (b, o) => b[o]! },
  int16: { cls: 'int', size: 2, read: (b, o) => b.readInt16LE(o) },
  uint16: { cls: 'int', size: 2, read: (b, o) => b.readUInt16LE(o) },
  int32: { cls: 'int', size: 4, read: (b, o) => b.readInt32LE(o) },
  uint32: { cls: 'int', size: 4, read: (b, o) => b.readUInt32LE(o) },
  int64: { cls: 'int64', size: 8, read: (b, o) => readInt64(b, o) },
  uint64: { cls: 'uint64', size: 8, read: (b, o) => readUint64(b, o) },
  bool: { cls: 'bool', size: 1, read: (b, o) => b[o] !== 0 },
};

/**
 * A varint from a typed field (int32_data, int64_data, uint64_data) → the element, as ONNX stores
 * each dtype there: int32_data also carries int8/16, uint8/16, bool and the bit patterns of
 * float16/bfloat16; uint64_data carries uint32 and uint64.
 */
export function fromVarint(dtype: ElemType, v: number | bigint): number | bigint | boolean {
  // A number is the varint read as int64 and exact; a bigint is the raw unsigned 64 bits.
  if (dtype === 'int64') return typeof v === 'number' ? v : BigInt.asIntN(64, v);
  if (dtype === 'uint64') return typeof v === 'number' && v >= 0 ? v : BigInt.asUintN(64, BigInt(v));
  // Every other dtype keeps the low 32 bits (>>> 0 is exact modulo 2^32 for any double integer).
  const u = typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : v >>> 0;
  switch (dtype) {
    case 'uint32':
      return u;
    case 'bool':
      return u !== 0;
    case 'float16':
      return halfToNumber(u & 0xffff);
    case 'bfloat16':
      return bfloat16ToNumber(u & 0xffff);
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz':
    case 'float8e8m0':
      return float8Value(dtype, u);
    case 'uint8':
      return u & 0xff;
    case 'uint16':
      return u & 0xffff;
    case 'int8':
      return (u << 24) >> 24;
    case 'int16':
      return (u << 16) >> 16;
    default:
      return u | 0;
  }
}

export function jsonFloat(v: number): JsonScalar {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** An element in the JSON form (docs/architecture.md §The JSON form of tensors). */
export function toJson(cls: ValueClass, v: number | bigint | boolean): JsonScalar {
  if (cls === 'float') return jsonFloat(v as number);
  if (typeof v === 'bigint') return cls === 'uint64' ? uint64Value(v) : int64Value(v);
  return v;
}

/** Count, NaNs, min, max and mean, updated one element at a time (memory stays flat). */
export class StatsAccumulator {
  private count = 0;
  private nan = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private bmin: bigint | undefined;
  private bmax: bigint | undefined;

  constructor(private readonly cls: ValueClass) {}

  add(v: number | bigint | boolean): void {
    this.count++;
    if (typeof v === 'bigint') {
      // Only values beyond 2^53 come as bigints: extremes stay exact; the mean is a double like numpy's.
      this.sum += Number(v);
      if (this.bmin === undefined || v < this.bmin) this.bmin = v;
      if (this.bmax === undefined || v > this.bmax) this.bmax = v;
      return;
    }
    const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (n !== n) {
      this.nan++;
      return;
    }
    this.sum += n;
    if (n < this.min) this.min = n;
    if (n > this.max) this.max = n;
  }

  result(over: 'all' | 'shown'): InitializerStats {
    const counted = this.count - this.nan;
    const big = this.cls === 'int64' || this.cls === 'uint64';
    const extreme = (n: number, b: bigint | undefined, lower: boolean): JsonScalar | null => {
      if (counted === 0) return null;
      if (!big) return this.cls === 'float' ? jsonFloat(n) : n;
      // The exact numbers and the bigints were kept apart; the extreme is whichever wins.
      const hasN = Number.isFinite(n);
      const pick = b === undefined ? n : !hasN ? b : lower ? (b < BigInt(n) ? b : n) : b > BigInt(n) ? b : n;
      return toJson(this.cls, pick);
    };
    return {
      over,
      count: this.count,
      min: extreme(this.min, this.bmin, true),
      max: extreme(this.max, this.bmax, false),
      mean: counted === 0 ? null : jsonFloat(this.sum / counted),
      nanCount: this.nan,
    };
  }
}

/**
 * A varint of 8–10 bytes [p, end]: as a number when its value read as int64 is exact (negative
 * int32/int64 values are sign-extended to 10 bytes, so this is the common case), else the raw
 * unsigned 64 bits as a bigint.
 */
function longVarint(b: Buffer, p: number, end: number): number | bigint {
  const g = (i: number) => (p + i <= end ? b[p + i]! & 0x7f : 0);
  const lo = (g(0) | (g(1) << 7) | (g(2) << 14) | (g(3) << 21) | ((g(4) & 0x0f) << 28)) >>> 0;
  const hi = (g(4) >> 4) | (g(5) << 3) | (g(6) << 10) | (g(7) << 17) | (g(8) << 24) | ((g(9) & 1) << 31) | 0;
  if (hi >= -0x200000 && hi < 0x200000) return hi * 0x1_0000_0000 + lo;
  let big = 0n;
  for (let i = end; i >= p; i--) big = (big << 7n) | BigInt(b[i]! & 0x7f);
  return BigInt.asUintN(64, big);
}

/**
 * Decodes varints from consecutive chunks of a packed field. A varint may straddle two chunks: the
 * unfinished tail of one chunk is kept and prefixed to the next.
 */
export class VarintStream {
  private tail: Buffer = Buffer.alloc(0);

  /** Calls `each` per complete varint; stops (and returns false) when it returns false. */
  push(chunk: Buffer, each: (v: number | bigint) => boolean): boolean {
    const b = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    let p = 0;
    for (;;) {
      // Up to 49 bits (7 bytes) stays a double, far cheaper than BigInt arithmetic.
      let r = 0;
      let mul = 1;
      let end = p;
      while (end < b.length && b[end]! & 0x80 && end - p < 6) {
        r += (b[end]! & 0x7f) * mul;
        mul *= 128;
        end++;
      }
      if (end >= b.length) break; // unfinished: wait for the next chunk
      let v: number | bigint;
      if (!(b[end]! & 0x80)) v = r + b[end]! * mul;
      else {
        while (end < b.length && b[end]! & 0x80) end++;
        if (end >= b.length) break;
        if (end - p >= 10) throw new Error('varint longer than 10 bytes');
        v = longVarint(b, p, end);
      }
      p = end + 1;
      if (!each(v)) return false;
    }
    this.tail = Buffer.from(b.subarray(p));
    return true;
  }

  /** True when a varint was started but not finished (the field ended mid-value). */
  get pending(): boolean {
    return this.tail.length > 0;
  }
}
