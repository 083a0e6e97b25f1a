import { describe, expect, it } from 'vitest';
import { readLatency, readingText, spreadOf } from './timing-noise';

describe('compare timings against their noise', () => {
  it('a file compared with itself reads as the same, though the percentages differ', () => {
    // The figures a walkthrough saw for one file on both sides: -43% p50 on 0.03 ms runs.
    const r = readLatency({ p50: 0.028, p90: 0.04 }, { p50: 0.016, p90: 0.03 });
    expect(r.kind).toBe('noise');
    expect(readingText(r)).toMatch(/^same within noise/);
  });

  it('a change inside the runs’ own spread is noise; beyond it, a change with its size', () => {
    expect(readLatency({ p50: 10, p90: 13 }, { p50: 12, p90: 14 }).kind).toBe('noise'); // +20% within a 30% spread
    const slower = readLatency({ p50: 10, p90: 11 }, { p50: 20, p90: 21 });
    expect(slower).toMatchObject({ kind: 'slower' });
    expect(readingText(slower)).toBe('slower by 100% (beyond the ±10% spread)');
    expect(readLatency({ p50: 20, p90: 21 }, { p50: 10, p90: 11 }).kind).toBe('faster');
  });

  it('the spread is p90 over p50', () => {
    expect(spreadOf({ p50: 10, p90: 12 })).toBeCloseTo(0.2);
    expect(spreadOf({ p50: 0, p90: 1 })).toBe(0);
  });
});
