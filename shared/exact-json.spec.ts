import { describe, expect, it } from 'vitest';
import { parseJsonExact, quoteUnsafeIntegers } from './exact-json';
import { wireToTensor } from './tensor-json';

describe('parseJsonExact', () => {
  it('reads integer literals beyond 2^53 as their decimal strings, everything else as JSON.parse does', () => {
    const text =
      '{"x": {"type":"int64","shape":[3],"data":[9007199254740993, -9223372036854775808, 9007199254740991]}, "u": [18446744073709551615]}';
    expect(parseJsonExact(text)).toEqual({
      x: { type: 'int64', shape: [3], data: ['9007199254740993', '-9223372036854775808', 9007199254740991] },
      u: ['18446744073709551615'],
    });
    // Fractions, exponents and strings are left alone; an escaped quote does not end a string.
    const other =
      '[0.12345678901234567890, 1e-12345678901234567, 12345678901234567.5, "9007199254740993", "a\\"12345678901234567890", -1.5E+12345678901234567]';
    expect(quoteUnsafeIntegers(other)).toBe(other);
    expect(parseJsonExact(other)).toEqual(JSON.parse(other));
    expect(parseJsonExact('[1, 2.5, "x"]')).toEqual([1, 2.5, 'x']);
    expect(quoteUnsafeIntegers('{"k":"v:[12345678901234567890]","n":12345678901234567890}')).toBe(
      '{"k":"v:[12345678901234567890]","n":"12345678901234567890"}',
    );
  });

  it("keeps JSON.parse's own error for invalid text", () => {
    let native = '';
    try {
      JSON.parse('[12345678901234567890,');
    } catch (e) {
      native = (e as Error).message;
    }
    expect(() => parseJsonExact('[12345678901234567890,')).toThrow(native);
  });

  it('the codec takes the strings exactly for int64/uint64, and as numbers for floats', () => {
    const v = parseJsonExact('{"a":[9007199254740993, 18446744073709551615], "f":[100000000000000000000]}') as { a: string[]; f: string[] };
    expect(wireToTensor({ type: 'uint64', shape: [2], data: v.a }, 'x').data).toEqual(
      new BigUint64Array([9007199254740993n, 18446744073709551615n]),
    );
    expect(wireToTensor({ type: 'float32', shape: [1], data: v.f }, 'x').data).toEqual(new Float32Array([1e20]));
  });
});

describe('parseJsonExact: the text as a whole', () => {
  it('a bare number, and values after any separator or whitespace', () => {
    expect(parseJsonExact('12345678901234567890')).toBe('12345678901234567890');
    expect(parseJsonExact('{"a":\n\t12345678901234567890,"b":[1,\r-12345678901234567890]}')).toEqual({
      a: '12345678901234567890',
      b: [1, '-12345678901234567890'],
    });
  });
});
