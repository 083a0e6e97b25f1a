import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { tensorToJson, wireToTensor } from './tensor-json';
import { tensorToWire, wireToJson } from './tensor-wire';
import type { Tensor } from './tensors';

const TENSORS: Tensor[] = [
  { type: 'float32', shape: [7], data: new Float32Array([0.1, NaN, -3.5, Infinity, -Infinity, 1e-30, -0]) },
  { type: 'float64', shape: [2, 2], data: new Float64Array([0.1, 0.2, 0.30000000000000004, -1e300]) },
  { type: 'int8', shape: [2], data: new Int8Array([-128, 127]) },
  { type: 'uint32', shape: [2], data: new Uint32Array([0, 2 ** 32 - 1]) },
  { type: 'int32', shape: [0], data: new Int32Array(0) },
  { type: 'float16', shape: [2], data: new Uint16Array([0x3c00, 0x7e00]) },
  { type: 'int64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n]) },
  { type: 'uint64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
  { type: 'bool', shape: [2], data: new Uint8Array([1, 0]) },
  { type: 'string', shape: [1], data: ['a'] },
];

describe('wire tensors', () => {
  it('plain numeric tensors travel as their own typed array; the others in the JSON form', () => {
    for (const t of TENSORS) {
      const w = tensorToWire(t);
      const asIs = ['float32', 'float64', 'int8', 'uint32', 'int32'].includes(t.type);
      expect(w.data === t.data, t.type).toBe(asIs);
      if (!asIs) expect(w).toEqual(tensorToJson(t));
    }
  });

  it('wireToJson gives exactly the JSON form, NaN and infinities as strings', () => {
    for (const t of TENSORS) expect(wireToJson(tensorToWire(t))).toEqual(tensorToJson(t));
    expect(wireToJson(tensorToWire(TENSORS[0]!)).data.slice(1, 5)).toEqual(['NaN', -3.5, 'Infinity', '-Infinity']);
  });

  it('decoding a wire tensor gives back the same tensor, without copying the exact array', () => {
    for (const t of TENSORS) expect(wireToTensor(tensorToWire(t), 'x')).toEqual(t);
    const f = new Float32Array([1, 2]);
    expect(wireToTensor({ type: 'float32', shape: [2], data: f }, 'x').data).toBe(f);
    const big = new BigInt64Array([2n ** 60n]);
    expect(wireToTensor({ type: 'int64', shape: [1], data: big }, 'x').data).toBe(big);
  });

  it('a typed array of another element type is read as a list of numbers, with the same checks', () => {
    expect(wireToTensor({ type: 'float32', shape: [2], data: new Int32Array([3, -4]) }, 'x')).toEqual({
      type: 'float32',
      shape: [2],
      data: new Float32Array([3, -4]),
    });
    expect(wireToTensor({ type: 'float16', shape: [1], data: new Float32Array([1]) }, 'x').data).toEqual(new Uint16Array([0x3c00]));
    expect(wireToTensor({ type: 'bool', shape: [2], data: new Uint8Array([1, 0]) }, 'x').data).toEqual(new Uint8Array([1, 0]));
    expect(wireToTensor({ type: 'int64', shape: [1], data: new BigUint64Array([5n]) }, 'x').data).toEqual(new BigInt64Array([5n]));
    const err = (t: Parameters<typeof wireToTensor>[0]) => {
      try {
        wireToTensor(t, 'Input "x"');
      } catch (e) {
        return e as AppError;
      }
      throw new Error('expected a failure');
    };
    expect(err({ type: 'int8', shape: [1], data: new Float32Array([1.5]) }).message).toBe(
      'Input "x" element 0 is 1.5; int8 expects integers from -128 to 127.',
    );
    expect(err({ type: 'bool', shape: [1], data: new Uint8Array([2]) }).message).toBe(
      'Input "x" element 0 is 2; bool expects true/false (or 1/0).',
    );
    expect(err({ type: 'uint64', shape: [1], data: new BigInt64Array([-1n]) }).message).toBe(
      'Input "x" element 0 is -1; uint64 expects integers from 0 to 18446744073709551615.',
    );
    expect(err({ type: 'float32', shape: [1], data: new BigInt64Array([1n]) }).message).toBe(
      'Input "x" is float32 but its data is a BigInt64Array, which holds 64-bit integers.',
    );
    expect(err({ type: 'string', shape: [1], data: new Float32Array([1]) }).code).toBe('INVALID_TENSOR');
  });
});
