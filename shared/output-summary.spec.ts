import { describe, expect, it } from 'vitest';
import { labelsFromMetadata } from './labels';
import { tensorStats, topK } from './output-summary';

describe('output summary', () => {
  it('stats count NaN and infinities apart from min/max/mean', () => {
    const s = tensorStats({ type: 'float32', shape: [5], data: new Float32Array([1, NaN, 3, Infinity, -2]) });
    expect(s).toEqual({ count: 5, min: -2, max: 3, mean: 2 / 3, nanCount: 1, infCount: 1 });
    expect(tensorStats({ type: 'int64', shape: [2], data: new BigInt64Array([5n, -5n]) })).toMatchObject({ min: -5, max: 5, mean: 0 });
    expect(tensorStats({ type: 'string', shape: [1], data: ['a'] })).toBeNull();
  });

  it('top-k per batch row, best first, with labels when their count matches', () => {
    const t = { type: 'float32' as const, shape: [2, 3], data: new Float32Array([0.1, 0.7, 0.2, 0.5, 0.1, 0.4]) };
    const r = topK(t, 2, ['cat', 'dog', 'bird']);
    expect(r).toEqual({
      k: 2,
      labelled: true,
      rows: [
        [
          { index: 1, score: expect.closeTo(0.7), label: 'dog' },
          { index: 2, score: expect.closeTo(0.2), label: 'bird' },
        ],
        [
          { index: 0, score: expect.closeTo(0.5), label: 'cat' },
          { index: 2, score: expect.closeTo(0.4), label: 'bird' },
        ],
      ],
    });
    expect(topK(t, 5, ['a', 'b'])).toMatchObject({ k: 3, labelled: false });
    expect(topK({ type: 'float32', shape: [2, 3, 4], data: new Float32Array(24) })).toBeNull();
    expect(topK({ type: 'int64', shape: [3], data: new BigInt64Array(3) })).toBeNull();
  });

  it('reads labels from metadata in the forms exporters use', () => {
    expect(labelsFromMetadata({ labels: 'cat, dog ,bird' })).toEqual(['cat', 'dog', 'bird']);
    expect(labelsFromMetadata({ labels: '["a,b","c"]' })).toEqual(['a,b', 'c']);
    expect(labelsFromMetadata({ classes: 'x\ny' })).toEqual(['x', 'y']);
    expect(labelsFromMetadata({ id2label: '{"0":"neg","2":"pos"}' })).toEqual(['neg', undefined, 'pos']);
    expect(labelsFromMetadata({ model_author: 'me' })).toBeUndefined();
    expect(labelsFromMetadata({ labels: '[broken' })).toBeUndefined();
  });
});
