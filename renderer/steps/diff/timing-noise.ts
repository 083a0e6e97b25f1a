// Timings are measured, not read from the files: two runs of the same model differ by tens of per
// cent on a busy machine, and a sub-0.05 ms latency is mostly timer resolution. So a latency change
// is reported only beyond the spread the runs themselves show, and a session load (timed once per
// side) is never called a change.
import type { SideLatency } from '../../../shared/diff/types';

/** Below this, a latency difference is timer noise whatever the percentage says. */
const FLOOR_MS = 0.05;
/** At least this relative difference, even when both sides ran very steadily. */
const MIN_RELATIVE = 0.1;

export type TimingReading = { kind: 'noise'; spread: number } | { kind: 'faster' | 'slower'; by: number; spread: number };

/** The spread of a side's runs: p90 over p50, as a fraction (0.2 = p90 is 20% above p50). */
export function spreadOf(s: Pick<SideLatency, 'p50' | 'p90'>): number {
  return s.p50 > 0 ? Math.max(0, (s.p90 - s.p50) / s.p50) : 0;
}

/** How the newer side's p50 reads against the older's: within noise, or faster/slower by a fraction. */
export function readLatency(older: Pick<SideLatency, 'p50' | 'p90'>, newer: Pick<SideLatency, 'p50' | 'p90'>): TimingReading {
  const spread = Math.max(MIN_RELATIVE, spreadOf(older), spreadOf(newer));
  const delta = newer.p50 - older.p50;
  if (older.p50 <= 0 || Math.abs(delta) < FLOOR_MS || Math.abs(delta) / older.p50 <= spread) return { kind: 'noise', spread };
  return { kind: delta > 0 ? 'slower' : 'faster', by: Math.abs(delta) / older.p50, spread };
}

export function readingText(r: TimingReading): string {
  const pm = `±${Math.round(r.spread * 100)}%`;
  if (r.kind === 'noise') return `same within noise (${pm})`;
  return `${r.kind} by ${Math.round(r.by * 100)}% (beyond the ${pm} spread)`;
}
