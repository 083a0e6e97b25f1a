// Decoding a tensor's stored bytes element by element, and the running statistics over them. Kept
// apart from the file reading (initializer-preview.ts) so that both raw bytes and the varints of
// the typed fields (int32_data…) go through the same accumulator.
import { halfToNumber } from '../../../shared/float16';
import type { ElemType } from '../../../shared/model-summary';
import type { TensorStats } from '../../../shared/initializer-preview';
import type { JsonScalar } from '../../../shared/tensors';
import { int64Value, uint64Value } from './wire';

/** How a dtype's elements are held while reading: plain numbers, 64-bit integers, booleans. */
export type ValueClass = 'float' | 'int' | 'int64' | 'uint64' | 'bool';

export interface FixedDecoder {
  cls: ValueClass;
  /** Bytes per element in raw_data / external data (little-endian). */
  size: number;
  read(b: Buffer, o: number): number | bigint | boolean;
}

const scratch = new DataView(new ArrayBuffer(4));
/** bfloat16 bits → number: the top half of a float32 (no DataView allocated per element). */
export function bfloat16Bits(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}

/** Raw little-endian layouts of the dtypes a preview can show; others are not listed. */
export const FIXED: Partial<Record<ElemType, FixedDecoder>> = {
  float32: { cls: 'float', size: 4, read: (b, o) => b.readFloatLE(o) },
  float64: { cls: 'float', size: 8, read: (b, o) => b.readDoubleLE(o) },
  float16: { cls: 'float', size: 2, read: (b, o) => halfToNumber(b.readUInt16LE(o)) },
  bfloat16: { cls: 'float', size: 2, read: (b, o) => bfloat16Bits(b.readUInt16LE(o)) },
  int8: { cls: 'int', size: 1, read: (b, o) => b.readInt8(o) },
  uint8: { cls: 'int', size: 1, read: (b, o) => b[o]! },
  int16: { cls: 'int', size: 2, read: (b, o) => b.readInt16LE(o) },
  uint16: { cls: 'int', size: 2, read: (b, o) => b.readUInt16LE(o) },
  int32: { cls: 'int', size: 4, read: (b, o) => b.readInt32LE(o) },
  uint32: { cls: 'int', size: 4, read: (b, o) => b.readUInt32LE(o) },
  int64: { cls: 'int64', size: 8, read: (b, o) => b.readBigInt64LE(o) },
  uint64: { cls: 'uint64', size: 8, read: (b, o) => b.readBigUInt64LE(o) },
  bool: { cls: 'bool', size: 1, read: (b, o) => b[o] !== 0 },
};

/**
 * A varint from a typed field (int32_data, int64_data, uint64_data) → the element, as ONNX stores
 * each dtype there: int32_data also carries int8/16, uint8/16, bool and the bit patterns of
 * float16/bfloat16; uint64_data carries uint32 and uint64.
 */
export function fromVarint(dtype: ElemType, v: number | bigint): number | bigint | boolean {
  if (dtype === 'int64') return BigInt.asIntN(64, BigInt(v));
  if (dtype === 'uint64') return BigInt.asUintN(64, BigInt(v));
  if (typeof v === 'bigint') v = Number(BigInt.asUintN(32, v)); // the low 32 bits are all any other dtype keeps
  else v %= 2 ** 32;
  switch (dtype) {
    case 'uint32': return v;
    case 'bool': return v !== 0;
    case 'float16': return halfToNumber(v & 0xffff);
    case 'bfloat16': return bfloat16Bits(v & 0xffff);
    case 'uint8': return v & 0xff;
    case 'uint16': return v & 0xffff;
    case 'int8': return (v << 24) >> 24;
    case 'int16': return (v << 16) >> 16;
    default: return v | 0;
  }
}

export function jsonFloat(v: number): JsonScalar {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** An element in the JSON form of DESIGN.md. */
export function toJson(cls: ValueClass, v: number | bigint | boolean): JsonScalar {
  if (cls === 'float') return jsonFloat(v as number);
  if (cls === 'int64') return int64Value(v as bigint);
  if (cls === 'uint64') return uint64Value(v as bigint);
  return v as number | boolean;
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
      // Extremes stay exact; the mean is a double like numpy's.
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

  result(over: 'all' | 'shown'): TensorStats {
    const counted = this.count - this.nan;
    const big = this.cls === 'int64' || this.cls === 'uint64';
    const extreme = (n: number, b: bigint | undefined): JsonScalar | null => {
      if (counted === 0) return null;
      if (big) return toJson(this.cls, b!);
      return this.cls === 'float' ? jsonFloat(n) : n;
    };
    return {
      over,
      count: this.count,
      min: extreme(this.min, this.bmin),
      max: extreme(this.max, this.bmax),
      mean: counted === 0 ? null : jsonFloat(this.sum / counted),
      nanCount: this.nan,
    };
  }
}

/**
 * Decodes varints from consecutive chunks of a packed field. A varint may straddle two chunks: the
 * unfinished tail of one chunk is kept and prefixed to the next.
 */
export class VarintStream {
  private tail: Buffer = Buffer.alloc(0);

  *push(chunk: Buffer): Generator<number | bigint> {
    const b = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    let p = 0;
    for (;;) {
      let end = p;
      while (end < b.length && b[end]! & 0x80) end++;
      if (end >= b.length) break; // unfinished: wait for the next chunk
      if (end - p >= 10) throw new Error(`varint longer than 10 bytes`);
      let v: number | bigint;
      if (end - p < 7) {
        // Up to 49 bits: exact as a double, far cheaper than BigInt arithmetic.
        let r = 0;
        let mul = 1;
        for (let i = p; i <= end; i++, mul *= 128) r += (b[i]! & 0x7f) * mul;
        v = r;
      } else {
        let r = 0n;
        for (let i = end; i >= p; i--) r = (r << 7n) | BigInt(b[i]! & 0x7f);
        v = BigInt.asUintN(64, r);
      }
      yield v;
      p = end + 1;
    }
    this.tail = Buffer.from(b.subarray(p));
  }

  /** True when a varint was started but not finished (the field ended mid-value). */
  get pending(): boolean {
    return this.tail.length > 0;
  }
}
