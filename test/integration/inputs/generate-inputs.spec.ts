// Generated inputs against an independent numpy implementation of the same rules: zeros / ones as
// np.zeros / np.ones, and random values from the same mulberry32 stream, so the values are pinned
// by integer arithmetic rather than by this machine.
import { expect, it } from 'vitest';
import { generateInput, generateInputs, resolveShape } from '../../../shared/generate-inputs';
import type { Fill } from '../../../shared/generate-inputs';
import type { ElemType, TypeInfo, ValueInfo } from '../../../shared/model-summary';
import { tensorBytes } from '../../../shared/tensor-buffers';
import { TENSOR_TYPES } from '../../../shared/tensors';
import type { Tensor } from '../../../shared/tensors';
import { describeWithPython, runPython } from '../../fixtures/python';
import { expectAppError } from '../../fixtures/expect-error';

const vi = (
  name: string,
  elemType: ElemType,
  shape: Array<number | string | null> | null,
  kind: TypeInfo['kind'] = 'tensor',
): ValueInfo => ({
  name,
  type: { kind, elemType, shape, text: `${elemType}[${(shape ?? ['…']).join(',')}]` },
});

interface Ref {
  descr: string;
  shape: number[];
  hex?: string;
  strings?: string[];
}
const same = (t: Tensor, r: Ref, label: string) => {
  expect(t.shape, label).toEqual(r.shape);
  if (r.strings) expect(t.data, label).toEqual(r.strings);
  else expect(Buffer.from(tensorBytes(t)).toString('hex'), label).toBe(r.hex);
};

describeWithPython('generated inputs against numpy', () => {
  it('zeros, ones and random (several seeds) match numpy for every type ORT runs', () => {
    const specs: Array<{ name: string; type: string; shape: number[]; fill: Fill; seed: number }> = [];
    const ours: Tensor[] = [];
    for (const type of TENSOR_TYPES) {
      for (const [fill, seed] of [
        ['zeros', 0],
        ['ones', 0],
        ['random', 0],
        ['random', 42],
        ['random', 2 ** 32 - 1],
      ] as const) {
        const input = vi(`in_${type}`, type, ['batch', 3, null, 5]);
        const t = generateInput(input, { fill, seed, dims: { batch: 2 }, defaultDim: 4 });
        specs.push({ name: input.name, type, shape: [2, 3, 4, 5], fill, seed });
        ours.push(t);
        expect(t.type).toBe(type);
      }
    }
    const ref = runPython<Ref[]>('generate_reference.py', [], JSON.stringify(specs));
    ours.forEach((t, i) => same(t, ref[i]!, `${specs[i]!.type} ${specs[i]!.fill}:${specs[i]!.seed}`));
  });

  it('random values are in their ranges, differ by seed and by input, and repeat for the same seed', () => {
    const f = generateInput(vi('x', 'float32', [1000]), { fill: 'random', seed: 7 }).data as Float32Array;
    expect(Math.min(...f)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...f)).toBeLessThan(1);
    const u8 = generateInput(vi('p', 'uint8', [4096]), { fill: 'random' }).data as Uint8Array;
    expect(Math.max(...u8)).toBe(255);
    expect(Math.min(...u8)).toBe(0);
    const ids = generateInput(vi('ids', 'int64', [1000]), { fill: 'random' }).data as BigInt64Array;
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: 10 }, (_, i) => BigInt(i))));
    const a = generateInputs([vi('a', 'float32', [8]), vi('b', 'float32', [8])], { fill: 'random', seed: 1 });
    expect(a['a']).not.toEqual(a['b']);
    expect(generateInput(vi('a', 'float32', [8]), { fill: 'random', seed: 1 })).toEqual(a['a']);
    expect(generateInput(vi('a', 'float32', [8]), { fill: 'random', seed: 2 })).not.toEqual(a['a']);
  });

  it('resolves symbolic dims by name (default 1), unknown dims, 0-d and empty shapes', () => {
    const x = vi('x', 'float32', ['N', 'seq', null, 7]);
    expect(resolveShape(x)).toEqual([1, 1, 1, 7]);
    expect(resolveShape(x, { dims: { N: 8, seq: 128 } })).toEqual([8, 128, 1, 7]);
    expect(resolveShape(x, { dims: { N: 8 }, defaultDim: 3 })).toEqual([8, 3, 3, 7]);
    expect(generateInput(vi('s', 'float32', []), { fill: 'ones' })).toEqual({ type: 'float32', shape: [], data: new Float32Array([1]) });
    expect(generateInput(vi('e', 'int64', [0, 3]), { fill: 'random' })).toEqual({
      type: 'int64',
      shape: [0, 3],
      data: new BigInt64Array(0),
    });
  });

  it('refuses what it cannot generate, naming the input', () => {
    expect(expectAppError(() => generateInput(vi('b', 'bfloat16', [2]), { fill: 'zeros' }))).toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      message: expect.stringContaining('"b"'),
    });
    expect(expectAppError(() => generateInput(vi('q', 'complex64', [2]), { fill: 'random' })).code).toBe('UNSUPPORTED_TYPE');
    expect(expectAppError(() => generateInput(vi('seq', 'float32', [2], 'sequence'), { fill: 'ones' })).code).toBe('UNSUPPORTED_TYPE');
    expect(expectAppError(() => generateInput(vi('r', 'float32', null), { fill: 'ones' }))).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('"r" has no known rank'),
    });
    expect(expectAppError(() => generateInput(vi('big', 'float32', ['N', 1 << 20]), { fill: 'zeros', dims: { N: 1 << 12 } })).code).toBe(
      'INPUT_TOO_LARGE',
    );
    expect(expectAppError(() => resolveShape(vi('x', 'float32', ['N']), { dims: { N: -1 } })).message).toContain(
      '"N" of input "x" would get size -1',
    );
  });
});
