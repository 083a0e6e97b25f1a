import { describe, expect, it } from 'vitest';
import type { ValueInfo } from '../../../shared/model-summary';
import { batchRule, checkBatchSizes } from './batch-sizes';

const input = (name: string, shape: Array<number | string>): ValueInfo =>
  ({ name, type: { kind: 'tensor', elemType: 'float32', shape } }) as ValueInfo;

describe('batch sizes in the Profile form', () => {
  it('a symbolic leading dim takes any size and names the dim', () => {
    const rule = batchRule([input('x', ['batch', 4])]);
    expect(rule.dim).toBe('batch');
    expect(rule.accepts).toContain('"batch"');
    expect(checkBatchSizes('1, 8 32', rule)).toEqual({ sizes: [1, 8, 32], error: null });
  });

  it('a fixed batch takes 1 only, and says so with the shape before anything runs', () => {
    const rule = batchRule([input('x', [1, 4])]);
    expect(rule.dim).toBeNull();
    expect(rule.accepts).toBe('1 only: the batch is fixed (x is [1, 4])');
    expect(checkBatchSizes('1', rule)).toEqual({ sizes: [1], error: null });
    const bad = checkBatchSizes('1, 8', rule);
    expect(bad.sizes).toBeNull();
    expect(bad.error).toMatch(/batch size 1 only, not 8/);
  });

  it('refuses what is not a whole number ≥ 1 and an empty field', () => {
    const rule = batchRule([input('x', ['n', 4])]);
    expect(checkBatchSizes('0', rule).error).toMatch(/"0" is not a batch size/);
    expect(checkBatchSizes('2.5', rule).error).toMatch(/"2.5"/);
    expect(checkBatchSizes(' , ', rule).error).toMatch(/at least one/);
  });
});
