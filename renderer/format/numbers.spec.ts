import { describe, expect, it } from 'vitest';
import { formatTimeLeft } from './numbers';

describe('formatTimeLeft', () => {
  it('says seconds, minutes or hours, rounded, and never "0 s left"', () => {
    expect(formatTimeLeft(0.4)).toBe('almost done');
    expect(formatTimeLeft(12.4)).toBe('12 s left');
    expect(formatTimeLeft(59.6)).toBe('1 min 0 s left');
    expect(formatTimeLeft(185)).toBe('3 min 5 s left');
    expect(formatTimeLeft(3840)).toBe('1 h 4 min left');
  });
});
