import { describe, expect, it } from 'vitest';
import { Lru } from './lru';

describe('Lru', () => {
  it('keeps the most recently used entries up to its capacity', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3); // evicts b
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });
});

describe('Lru by weight', () => {
  it('evicts the least recently used until the total weight fits, but keeps the newest entry', () => {
    const lru = new Lru<string, number>(10, (v) => v, 100);
    lru.set('a', 40);
    lru.set('b', 40);
    lru.get('a');
    lru.set('c', 40); // 120 > 100: b (least recent) goes
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(40);
    lru.set('huge', 500); // alone over the limit: everything else goes, it stays
    expect(lru.size).toBe(1);
    expect(lru.get('huge')).toBe(500);
  });
});
