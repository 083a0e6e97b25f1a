import type { OpsetId, TensorLocation } from '../../shared/model-summary';

export const exact = (n: number) => n.toLocaleString('en-US');

/** "1 value", "12 values". */
export const countOf = (n: number, noun: string) => `${exact(n)} ${noun}${n === 1 ? '' : 's'}`;

/** "ai.onnx 17 · com.microsoft 1" */
export function formatOpsets(opsets: OpsetId[]): string {
  if (opsets.length === 0) return '—';
  return opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(' · ');
}

export function formatMs(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Latencies keep their precision: "0.42 ms", "12.3 ms", "1.25 s". */
export function formatLatency(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Short text for where a tensor's bytes live, and a longer one for a tooltip. */
export function locationText(loc: TensorLocation): { short: string; long: string } {
  switch (loc.kind) {
    case 'raw':
      return { short: 'raw', long: `raw_data in the model file at byte ${exact(loc.offset)}` };
    case 'typed':
      return { short: loc.field, long: `${loc.field} in the model file at byte ${exact(loc.offset)}` };
    case 'external':
      return { short: loc.location, long: `external file ${loc.location}, bytes ${exact(loc.offset)}–${exact(loc.offset + loc.length)}` };
    case 'empty':
      return { short: 'empty', long: 'no values stored' };
  }
}

export function formatDims(dims: number[]): string {
  return dims.length === 0 ? 'scalar' : dims.join(' × ');
}

/** "12 s left", "3 min 5 s left", "1 h 4 min left"; rounded, never a false "0 s". */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 1) return 'almost done';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s left`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s left`;
  return `${Math.floor(m / 60)} h ${m % 60} min left`;
}
