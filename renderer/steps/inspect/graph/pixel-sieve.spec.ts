import { describe, expect, it } from 'vitest';
import { PixelSieve } from './pixel-sieve';

describe('PixelSieve', () => {
  it('lets the first item on a pixel through, drops the rest, and forgets everything on reset', () => {
    const s = new PixelSieve();
    s.reset(10, 10);
    expect(s.claim(3.2, 4.9)).toBe(true);
    expect(s.claim(3.7, 4.1)).toBe(false);
    expect(s.claim(4, 4)).toBe(true);
    expect(s.claim(-1, 2)).toBe(true); // off-canvas: not the sieve's business
    expect(s.claim(-1, 2)).toBe(true);
    s.reset(10, 10);
    expect(s.claim(3.2, 4.9)).toBe(true);
  });
});
