import { describe, expect, it } from 'vitest';
import { varintBytes } from '../../test/fixtures/protobuf';
import { bfloat16ToNumber } from './dtypes';
import { PACKED, StatsAccumulator, VarintStream, float8Value, fromVarint, toJson } from './tensor-values';

const varint = (v: bigint): number[] => [...varintBytes(v)];

describe('VarintStream', () => {
  it('decodes varints split across chunk boundaries at every position', () => {
    const values = [
      0n,
      1n,
      127n,
      128n,
      300n,
      2n ** 49n - 1n,
      2n ** 49n,
      2n ** 55n + 3n,
      2n ** 56n - 1n,
      2n ** 63n,
      2n ** 64n - 1n,
      BigInt.asUintN(64, -5n),
    ];
    const bytes = Buffer.from(values.flatMap(varint));
    for (let cut = 0; cut <= bytes.length; cut++) {
      const s = new VarintStream();
      const got: bigint[] = [];
      const each = (v: number | bigint) => got.push(BigInt(v)) > 0;
      s.push(bytes.subarray(0, cut), each);
      s.push(bytes.subarray(cut), each);
      // Numbers are the value read as int64 (exact); bigints the raw unsigned bits.
      expect(got.map((v) => BigInt.asUintN(64, v))).toEqual(values);
      expect(s.pending).toBe(false);
    }
    const s = new VarintStream();
    const none: unknown[] = [];
    s.push(Buffer.from([0x80, 0x80]), (v) => none.push(v) > 0);
    expect(none).toEqual([]);
    expect(s.pending).toBe(true);
  });
});

describe('fromVarint', () => {
  it('reads each dtype as ONNX stores it in int32_data / int64_data / uint64_data', () => {
    const neg = (n: number) => BigInt.asUintN(64, BigInt(n)); // negative int32 are sign-extended to 64 bits
    expect(fromVarint('int32', neg(-5))).toBe(-5);
    expect(fromVarint('int8', neg(-128))).toBe(-128);
    expect(fromVarint('int16', neg(-2))).toBe(-2);
    expect(fromVarint('uint8', 255)).toBe(255);
    expect(fromVarint('uint32', 2 ** 32 - 1)).toBe(2 ** 32 - 1);
    expect(fromVarint('bool', 1)).toBe(true);
    expect(fromVarint('float16', 0x3e00)).toBe(1.5);
    expect(fromVarint('bfloat16', 16320)).toBe(1.5);
    expect(fromVarint('int64', neg(-1))).toBe(-1n);
    expect(fromVarint('int64', 5)).toBe(5);
    expect(fromVarint('uint64', 2n ** 64n - 1n)).toBe(2n ** 64n - 1n);
    expect(bfloat16ToNumber(0xc000)).toBe(-2);
  });
});

describe('StatsAccumulator', () => {
  it('skips NaN in min/max/mean and counts it; non-finite extremes use the JSON words', () => {
    const a = new StatsAccumulator('float');
    for (const v of [1, Number.NaN, -Infinity, 3]) a.add(v);
    expect(a.result('all')).toEqual({ over: 'all', count: 4, nanCount: 1, min: '-Infinity', max: 3, mean: '-Infinity' });
  });
  it('keeps int64 extremes exact beyond 2^53', () => {
    const a = new StatsAccumulator('int64');
    for (const v of [2n ** 62n + 1n, -3, 7]) a.add(v); // exact numbers below 2^53, bigints beyond
    expect(a.result('shown')).toMatchObject({ over: 'shown', min: -3, max: '4611686018427387905' });
    expect(toJson('int64', -(2n ** 60n))).toBe('-1152921504606846976');
  });
  it('a bigint extreme only wins when it is beyond the numbers', () => {
    const a = new StatsAccumulator('uint64');
    for (const v of [5, 2n ** 64n - 1n, 9]) a.add(v);
    expect(a.result('all')).toMatchObject({ min: 5, max: '18446744073709551615' });
    const b = new StatsAccumulator('int64');
    for (const v of [-(2n ** 60n), 4]) b.add(v);
    expect(b.result('all')).toMatchObject({ min: '-1152921504606846976', max: 4 });
  });
  it('has no extremes when nothing was counted', () => {
    expect(new StatsAccumulator('float').result('all')).toEqual({ over: 'all', count: 0, nanCount: 0, min: null, max: null, mean: null });
  });
});

describe('8-bit floats and packed sub-byte types (values from ONNX docs/Float8.md and the int4 spec)', () => {
  it('float8e4m3fn: max 448, no infinity, NaN at S.1111.111', () => {
    const f = (b: number) => float8Value('float8e4m3fn', b);
    expect([f(0x38), f(0x7e), f(0xfe), f(0x01), f(0x08), f(0x80)]).toEqual([1, 448, -448, 2 ** -9, 2 ** -6, -0]);
    expect([f(0x7f), f(0xff)]).toEqual([NaN, NaN]);
  });
  it('float8e4m3fnuz: max 240, one NaN (0x80), no -0', () => {
    const f = (b: number) => float8Value('float8e4m3fnuz', b);
    expect([f(0x40), f(0x7f), f(0xff), f(0x01), f(0x00)]).toEqual([1, 240, -240, 2 ** -10, 0]);
    expect(f(0x80)).toBeNaN();
  });
  it('float8e5m2: IEEE-like with infinities; float8e5m2fnuz: max 57344, one NaN', () => {
    const f = (b: number) => float8Value('float8e5m2', b);
    expect([f(0x3c), f(0x7b), f(0x7c), f(0xfc), f(0x01)]).toEqual([1, 57344, Infinity, -Infinity, 2 ** -16]);
    expect(f(0x7d)).toBeNaN();
    const u = (b: number) => float8Value('float8e5m2fnuz', b);
    expect([u(0x40), u(0x7f), u(0x01)]).toEqual([1, 57344, 2 ** -17]);
    expect(u(0x80)).toBeNaN();
  });
  it('float8e8m0: powers of two, 0xFF NaN', () => {
    expect([float8Value('float8e8m0', 127), float8Value('float8e8m0', 0), float8Value('float8e8m0', 130)]).toEqual([1, 2 ** -127, 8]);
    expect(float8Value('float8e8m0', 0xff)).toBeNaN();
  });
  it('int4/uint4/float4e2m1 two per byte and int2/uint2 four per byte, lowest bits first', () => {
    const all = (t: 'int4' | 'uint4' | 'float4e2m1' | 'int2' | 'uint2', byte: number) =>
      Array.from({ length: PACKED[t]!.perByte }, (_, k) => PACKED[t]!.read(byte, k));
    expect(all('uint4', 0xf7)).toEqual([7, 15]);
    expect(all('int4', 0xf7)).toEqual([7, -1]);
    expect(all('int4', 0x98)).toEqual([-8, -7]);
    expect(all('float4e2m1', 0xf7)).toEqual([6, -6]);
    expect(all('float4e2m1', 0x21)).toEqual([0.5, 1]);
    expect(all('uint2', 0b11_10_01_00)).toEqual([0, 1, 2, 3]);
    expect(all('int2', 0b11_10_01_00)).toEqual([0, 1, -2, -1]);
  });
  it('float8 in int32_data: the low byte of each entry', () => {
    expect(fromVarint('float8e4m3fn', 0x7e)).toBe(448);
  });
});
