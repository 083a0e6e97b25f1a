// Readable reports for `modelcrate predict` and `modelcrate profile` (scripts use --json instead).
import { formatShape } from '../shared/format';
import type { TensorStats, TopK } from '../shared/output-summary';
import type { PredictResult, ProfileResult } from '../shared/predictions';
import type { JsonScalar } from '../shared/tensors';
import { wireMapToJsonMap } from '../shared/tensor-wire';

const SHOWN_VALUES = 8;

export function formatPrediction(fileName: string, r: PredictResult): string {
  const lines = [`${fileName}  predicted in ${ms(r.ms)} (session.run ${ms(r.runMs)})`];
  for (const [name, t] of Object.entries(wireMapToJsonMap(r.outputs))) {
    lines.push('', `${name}  ${t.type} ${formatShape(t.shape)}`);
    const shown = t.data.slice(0, SHOWN_VALUES).map(value).join(', ');
    lines.push(`  [${shown}${t.data.length > SHOWN_VALUES ? `, … ${t.data.length - SHOWN_VALUES} more` : ''}]`);
    const s = r.stats[name];
    if (s) lines.push(`  ${stats(s)}`);
    const k = r.topk[name];
    if (k) lines.push(...topk(k));
  }
  return lines.join('\n');
}

export function formatProfile(fileName: string, r: ProfileResult): string {
  const head = ['batch', 'p50 ms', 'p90 ms', 'p99 ms', 'mean ms', 'runs/s'];
  const rows = r.batches.map((b) => [String(b.batch), num(b.p50), num(b.p90), num(b.p99), num(b.mean), num(b.runsPerSec)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  const runs = r.batches[0];
  return [
    `${fileName}  session load ${ms(r.loadMs)} · peak RSS ${Math.round(r.peakRssMB)} MB (runtime process)`,
    runs
      ? `  ${runs.runs} timed runs after ${runs.warmup} warm-up runs per batch size${r.batchDim ? ` (batch dim "${r.batchDim}")` : ''}`
      : '',
    '',
    line(head),
    ...rows.map(line),
    '',
    ...r.batches.map(
      (b) =>
        `  batch ${b.batch} ran ${Object.entries(b.shapes ?? {})
          .map(([n, s]) => `${n} [${s.join(', ')}]`)
          .join(' · ')}`,
    ),
  ].join('\n');
}

function stats(s: TensorStats): string {
  const parts = s.min === null ? ['no finite values'] : [`min ${num(s.min)}`, `max ${num(s.max!)}`, `mean ${num(s.mean!)}`];
  if (s.nanCount) parts.push(`${s.nanCount} NaN`);
  if (s.infCount) parts.push(`${s.infCount} ±Inf`);
  return parts.join(' · ');
}

function topk(k: TopK): string[] {
  const rows = k.rows.length > 1 ? k.rows.slice(0, 4) : k.rows;
  return rows.map((row, i) => {
    const prefix = k.rows.length > 1 ? `  top-${k.k} [${i}]` : `  top-${k.k}`;
    return `${prefix}  ${row.map((e) => `${e.label ?? `#${e.index}`} ${num(e.score)}`).join(' · ')}`;
  });
}

function value(v: JsonScalar): string {
  return typeof v === 'number' ? num(v) : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function num(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

function ms(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
}
