import { describe, expect, it } from 'vitest';
import { halfToNumber, numberToHalf } from './float16';

// The numpy cross-check lives in test/integration/float16-numpy.spec.ts (shared/ has no Node types).
describe('float16', () => {
  it('round-trips every one of the 65536 bit patterns (NaNs to NaN)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const v = halfToNumber(bits);
      if (Number.isNaN(v)) expect(Number.isNaN(halfToNumber(numberToHalf(v)))).toBe(true);
      else expect(numberToHalf(v)).toBe(bits);
    }
  });

  it('keeps the sign of zero', () => expect(numberToHalf(-0)).toBe(0x8000));
});
