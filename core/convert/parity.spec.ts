import { describe, expect, it } from 'vitest';
import { numberToHalf } from '../../shared/float16';
import type { Tensor } from '../../shared/tensors';
import { compareInto, newAcc, toRow } from './parity';

const f32 = (shape: number[], ...v: number[]): Tensor => ({ type: 'float32', shape, data: Float32Array.from(v) });
const row = (pairs: Array<[Tensor, Tensor]>, atol = 1e-4, rtol = 1e-3) => {
  const acc = newAcc('y');
  for (const [e, a] of pairs) compareInto(acc, e, a, atol, rtol);
  return toRow(acc);
};

describe('parity of one output over samples', () => {
  it('passes within atol + rtol·|expected| and reports the largest differences', () => {
    const r = row([
      [f32([2], 1, 100), f32([2], 1.00005, 100.05)],
      [f32([2], 0, -2), f32([2], 0.00009, -2.001)],
    ]);
    expect(r).toMatchObject({ passed: true, mismatches: 0, elements: 4, dtype: 'float32', shape: [2] });
    expect(r.maxAbsDiff).toBeCloseTo(0.05, 4);
    expect(r.maxRelDiff).toBeCloseTo(5e-4, 5);
  });

  it('counts elements outside the tolerance; a zero expected value adds no relative difference', () => {
    const r = row([[f32([3], 0, 1, 2), f32([3], 0.5, 1, 2.1)]]);
    expect(r).toMatchObject({ passed: false, mismatches: 2 });
    expect(r.maxAbsDiff).toBeCloseTo(0.5, 6);
    expect(r.maxRelDiff).toBeCloseTo(0.05, 6);
  });

  it('NaN matches NaN, an infinity only itself, and neither enters the max differences', () => {
    expect(row([[f32([2], NaN, Infinity), f32([2], NaN, Infinity)]])).toMatchObject({ passed: true, maxAbsDiff: 0 });
    const r = row([[f32([2], Infinity, 1), f32([2], 1e30, 1)]]);
    expect(r).toMatchObject({ passed: false, mismatches: 1, maxAbsDiff: 0 });
  });

  it('integers and labels must match exactly, across int64 and int32', () => {
    const e: Tensor = { type: 'int64', shape: [3], data: BigInt64Array.from([0n, 2n, 1n]) };
    expect(row([[e, { type: 'int32', shape: [3], data: Int32Array.from([0, 2, 1]) }]])).toMatchObject({ passed: true });
    expect(row([[e, { type: 'int64', shape: [3], data: BigInt64Array.from([0n, 1n, 1n]) }]])).toMatchObject({
      passed: false,
      mismatches: 1,
    });
  });

  it('compares float64 expectations with float16 and float32 outputs as numbers', () => {
    const e: Tensor = { type: 'float64', shape: [2], data: Float64Array.from([0.5, 1.25]) };
    const half: Tensor = { type: 'float16', shape: [2], data: Uint16Array.from([numberToHalf(0.5), numberToHalf(1.25)]) };
    expect(row([[e, half]])).toMatchObject({ passed: true, maxAbsDiff: 0 });
  });

  it('accepts (n, 1) for (n,), but not another shape', () => {
    expect(row([[f32([2], 1, 2), f32([2, 1], 1, 2)]])).toMatchObject({ passed: true });
    const r = row([[f32([2, 2], 1, 2, 3, 4), f32([4], 1, 2, 3, 4)]]);
    expect(r).toMatchObject({ passed: false, why: 'shape [4], expected [2, 2]' });
  });
});
