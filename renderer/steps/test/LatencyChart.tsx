import type { LatencyStats } from '../../../shared/predictions';
import { formatLatency } from '../../format/numbers';

const W = 340;
const H = 180;
const PAD = { top: 26, right: 8, bottom: 30, left: 44 };
const SERIES = [
  { key: 'p50', cls: 'lat-p50' },
  { key: 'p90', cls: 'lat-p90' },
  { key: 'p99', cls: 'lat-p99' },
] as const;

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten at or above v. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= v) ?? 10 * p;
}

export interface Axis {
  log: boolean;
  ticks: number[];
  /** 0 at the baseline, 1 at the top. */
  at: (v: number) => number;
}

/**
 * Linear from 0 when the values are of one magnitude; log (a power of ten per tick) when the tail
 * is 20× the median or more — one slow run would otherwise flatten every other bar to nothing.
 */
export function latencyAxis(values: readonly number[]): Axis {
  const lo = Math.min(...values.filter((v) => v > 0));
  const hi = Math.max(...values);
  if (!(hi > 0) || !(lo > 0) || hi / lo < 20) {
    const max = niceMax(hi);
    return { log: false, ticks: [0, max / 2, max], at: (v) => v / max };
  }
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const ticks = Array.from({ length: b - a + 1 }, (_, i) => 10 ** (a + i));
  return { log: true, ticks, at: (v) => (Math.log10(Math.max(v, 10 ** a)) - a) / (b - a) };
}

const tickText = (v: number) => String(Number(v.toPrecision(3)));

/** p50 / p90 / p99 per batch size as grouped bars. The table beside it carries the same numbers in text. */
export function LatencyChart({ batches }: { batches: LatencyStats[] }) {
  const axis = latencyAxis(batches.flatMap((b) => [b.p50, b.p90, b.p99]));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const group = plotW / batches.length;
  const bar = Math.min(22, (group * 0.7) / SERIES.length);
  const y = (v: number) => PAD.top + plotH - axis.at(v) * plotH;
  const ticks = axis.ticks;
  const summary = batches
    .map((b) => `batch ${b.batch}: p50 ${formatLatency(b.p50)}, p90 ${formatLatency(b.p90)}, p99 ${formatLatency(b.p99)}`)
    .join('; ');
  return (
    <figure className="latency-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Latency per batch size${axis.log ? ' (log scale)' : ''} — ${summary}`}
        data-testid="latency-chart"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line className="lat-grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="lat-tick" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
              {tickText(t)}
            </text>
          </g>
        ))}
        <text className="lat-tick" x={2} y={11}>
          {axis.log ? 'ms (log)' : 'ms'}
        </text>
        {batches.map((b, gi) => {
          const x0 = PAD.left + gi * group + (group - bar * SERIES.length) / 2;
          return (
            <g key={b.batch}>
              {SERIES.map((s, si) => (
                <rect
                  key={s.key}
                  className={s.cls}
                  x={x0 + si * bar}
                  y={y(b[s.key])}
                  width={bar - 2}
                  height={Math.max(1, PAD.top + plotH - y(b[s.key]))}
                  rx={2}
                >
                  <title>{`batch ${b.batch} ${s.key}: ${formatLatency(b[s.key])}`}</title>
                </rect>
              ))}
              <text className="lat-label" x={PAD.left + gi * group + group / 2} y={H - PAD.bottom + 16} textAnchor="middle">
                batch {b.batch}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="lat-legend">
        {SERIES.map((s) => (
          <span key={s.key}>
            <span className={`lat-swatch ${s.cls}`} aria-hidden="true" /> {s.key}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
