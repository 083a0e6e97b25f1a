import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { tensorToJson, wireMapToTensorMap, wireToTensor } from './tensor-json';
import type { JsonTensor, TensorType } from './tensors';

const roundTrip = (json: JsonTensor) => tensorToJson(wireToTensor(json, 'Input "t"'));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
  }
  return undefined;
}

describe('JSON tensor codec', () => {
  const cases: Array<[TensorType, JsonTensor['data']]> = [
    ['float32', [0, -1.5, 3.25, 'NaN', 'Infinity', '-Infinity']],
    ['float64', [0.1, -1e300, 5e-324, 'NaN']],
    ['float16', [0, 1, -2, 0.5, 65504, 'Infinity', 'NaN', 0.0999755859375]],
    ['int8', [-128, 0, 127]],
    ['int16', [-32768, 32767]],
    ['int32', [-2147483648, 2147483647]],
    ['int64', [0, -1, 9007199254740991, '9007199254740993', '-9223372036854775808', '9223372036854775807']],
    ['uint8', [0, 255]],
    ['uint16', [0, 65535]],
    ['uint32', [0, 4294967295]],
    ['uint64', [0, 9007199254740991, '18446744073709551615', '9007199254740993']],
    ['bool', [true, false, true]],
    ['string', ['', 'héllo', '🚀']],
  ];
  for (const [type, data] of cases) {
    it(`round-trips ${type}`, () => {
      const json = { type, shape: [data.length], data };
      const t = wireToTensor(json, 'Input "t"');
      expect(t.type).toBe(type);
      expect(t.data.length).toBe(data.length);
      expect(tensorToJson(t)).toEqual(json);
    });
  }

  it('keeps int64/uint64 beyond 2^53 exact as BigInt', () => {
    const t = wireToTensor({ type: 'int64', shape: [2], data: ['9007199254740993', '-9223372036854775808'] }, 'x');
    expect(t.data).toEqual(new BigInt64Array([9007199254740993n, -9223372036854775808n]));
    const u = wireToTensor({ type: 'uint64', shape: [1], data: ['18446744073709551615'] }, 'x');
    expect(u.data[0]).toBe(2n ** 64n - 1n);
  });

  it('writes float16 as numbers and stores its bits', () => {
    const t = wireToTensor({ type: 'float16', shape: [3], data: [1, 0.1, -2] }, 'x');
    expect(Array.from(t.data as Uint16Array)).toEqual([0x3c00, 0x2e66, 0xc000]);
    expect(tensorToJson(t).data).toEqual([1, 0.0999755859375, -2]);
  });

  it('accepts 1/0 for bool and decimal strings for small integers', () => {
    expect(roundTrip({ type: 'bool', shape: [2], data: [1, 0] }).data).toEqual([true, false]);
    expect(roundTrip({ type: 'int32', shape: [1], data: ['-7'] }).data).toEqual([-7]);
  });

  it('takes the type from the signature when the JSON omits it', () => {
    const map = wireMapToTensorMap({ ids: { shape: [2], data: [1, 2] } }, () => 'int64');
    expect(map.ids!.data).toEqual(new BigInt64Array([1n, 2n]));
  });

  it('names the tensor and the element it cannot decode', () => {
    expect(codeOf(() => wireToTensor({ type: 'float32', shape: [2], data: [1, 'abc'] }, 'Input "x"'))).toBe(
      'INVALID_TENSOR: Input "x" element 1 is "abc"; float32 expects numbers, "NaN", "Infinity" or "-Infinity".',
    );
    expect(codeOf(() => wireToTensor({ type: 'int8', shape: [1], data: [300] }, 'Input "x"'))).toMatch(
      /element 0 is 300; int8 expects integers from -128 to 127/,
    );
    expect(codeOf(() => wireToTensor({ type: 'int64', shape: [1], data: [1e20] }, 'Input "x"'))).toMatch(/decimal strings to stay exact/);
    expect(codeOf(() => wireToTensor({ type: 'uint64', shape: [1], data: ['-1'] }, 'Input "x"'))).toMatch(
      /integers from 0 to 18446744073709551615/,
    );
    expect(codeOf(() => wireToTensor({ type: 'int64', shape: [1], data: ['9223372036854775808'] }, 'Input "x"'))).toMatch(
      /^INVALID_TENSOR/,
    );
    expect(codeOf(() => wireToTensor({ type: 'bool', shape: [1], data: ['yes'] }, 'Input "x"'))).toMatch(/true\/false/);
    expect(codeOf(() => wireToTensor({ type: 'string', shape: [1], data: [3] }, 'Input "x"'))).toMatch(/string expects strings/);
    expect(codeOf(() => wireToTensor({ type: 'int32', shape: [1], data: [1.5] }, 'Input "x"'))).toMatch(/^INVALID_TENSOR/);
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, 'NaN', true, null as unknown as number]) {
      expect(codeOf(() => wireToTensor({ type: 'uint8', shape: [2], data: [1, v] }, 'Input "x"'))).toMatch(
        /element 1 is .*; uint8 expects integers from 0 to 255/,
      );
    }
    expect(codeOf(() => wireToTensor({ type: 'float64', shape: [2], data: [1, null as unknown as number] }, 'Input "x"'))).toMatch(
      /element 1 is null; float64 expects numbers/,
    );
    expect(codeOf(() => wireToTensor({ shape: [-1], data: [] }, 'Input "x"', 'float32'))).toMatch(
      /^INVALID_TENSOR: Input "x" has shape \[-1\]/,
    );
    expect(codeOf(() => wireToTensor({ type: 'float' as TensorType, shape: [1], data: [1] }, 'Input "x"'))).toMatch(/not a tensor type/);
    expect(codeOf(() => wireToTensor({ shape: [1], data: [1] }, 'Input "x"'))).toMatch(/has no "type"/);
  });
});
