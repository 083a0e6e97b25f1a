import { describe, expect, it } from 'vitest';
import type { JsonScalar, JsonTensor, TensorType } from '../tensors';
import { compareOutputs } from './compare-outputs';

const t = (type: TensorType, data: JsonScalar[], shape = [data.length]): Record<string, Required<JsonTensor>> => ({
  y: { type, shape, data },
});

describe('compareOutputs', () => {
  it('float32: within rtol 1e-4 + atol 1e-5 passes and reports the worst difference; beyond fails naming the element', () => {
    const ok = compareOutputs(t('float32', [1, 100, 0]), t('float32', [1.00005, 100.005, 9e-6]));
    expect(ok.ok).toBe(true);
    expect(ok.worst).toMatchObject({ output: 'y', index: 1 });
    const bad = compareOutputs(t('float32', [1, 100, 0]), t('float32', [1, 100, 2e-5]));
    expect(bad).toMatchObject({ ok: false, mismatch: { output: 'y', index: 2, expected: 0, actual: 2e-5 } });
    expect(bad.mismatch!.why).toMatch(/expected 0, got 0\.00002 \(\|diff\| 0\.00002 > 0\.00001/);
  });

  it('float16 allows 1e-2 relative, float64 1e-7', () => {
    expect(compareOutputs(t('float16', [2]), t('float16', [2.019])).ok).toBe(true);
    expect(compareOutputs(t('float16', [2]), t('float16', [2.03])).ok).toBe(false);
    expect(compareOutputs(t('float64', [1]), t('float64', [1 + 5e-8])).ok).toBe(true);
    expect(compareOutputs(t('float64', [1]), t('float64', [1 + 5e-7])).ok).toBe(false);
  });

  it('NaN equals NaN, infinities equal themselves, NaN against a number fails', () => {
    expect(compareOutputs(t('float32', ['NaN', 'Infinity', '-Infinity']), t('float32', ['NaN', 'Infinity', '-Infinity'])).ok).toBe(true);
    expect(compareOutputs(t('float32', [1]), t('float32', ['NaN'])).ok).toBe(false);
    expect(compareOutputs(t('float32', ['Infinity']), t('float32', ['-Infinity'])).ok).toBe(false);
  });

  it('integers, bools and strings must match exactly; int64 as number or decimal text', () => {
    expect(compareOutputs(t('int64', [5, '9007199254740993']), t('int64', [5, '9007199254740993'])).ok).toBe(true);
    expect(compareOutputs(t('int64', ['9007199254740993']), t('int64', ['9007199254740992'])).mismatch).toMatchObject({ index: 0 });
    expect(compareOutputs(t('int32', [1, 2]), t('int32', [1, 3])).mismatch!.why).toBe('expected 2, got 3 (int32 must match exactly)');
    expect(compareOutputs(t('bool', [true]), t('bool', [false])).ok).toBe(false);
    expect(compareOutputs(t('string', ['a']), t('string', ['a '])).ok).toBe(false);
  });

  it('type, shape and the set of outputs must agree', () => {
    expect(compareOutputs(t('float32', [1]), t('float64', [1])).mismatch!.why).toBe('expected type float32, got float64');
    expect(compareOutputs(t('float32', [1, 2], [2]), t('float32', [1, 2], [1, 2])).mismatch!.why).toBe('expected shape [2], got [1,2]');
    expect(compareOutputs(t('float32', [1]), {}).mismatch!.why).toMatch(/no longer gives/);
    expect(compareOutputs({}, t('float32', [1])).mismatch!.why).toMatch(/the sample does not have/);
  });
});
