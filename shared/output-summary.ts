// What the Test step shows beside an output tensor: summary stats for numeric outputs and top-k
// for outputs that look like class scores. Pure, so the studio computes it once for the CLI and the
// GUI can recompute it for a tensor it decoded itself.
import { halfToNumber } from './float16';
import type { Tensor } from './tensors';

export interface TensorStats {
  count: number;
  /** Over finite values only (JSON has no Infinity); null when there are none. */
  min: number | null;
  max: number | null;
  mean: number | null;
  nanCount: number;
  infCount: number;
}

export interface TopKEntry {
  index: number;
  score: number;
  label?: string;
}

export interface TopK {
  k: number;
  /** One list per batch row (a rank-1 output has one row), best first. */
  rows: TopKEntry[][];
  /** True when labels from the model's metadata were applied. */
  labelled: boolean;
}

export const TOPK_MAX_ROWS = 64;

/** Numbers of a numeric tensor (64-bit integers rounded to doubles: fine for stats); null for strings. */
export function numericValues(t: Tensor): ArrayLike<number> | null {
  switch (t.type) {
    case 'string':
      return null;
    case 'float16':
      return Array.from(t.data, halfToNumber);
    case 'int64':
    case 'uint64':
      return Array.from(t.data, Number);
    default:
      return t.data;
  }
}

export function tensorStats(t: Tensor): TensorStats | null {
  const v = numericValues(t);
  if (!v) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x - x === 0) {
      // finite (NaN - NaN and Inf - Inf are NaN): the common case first, it runs per element
      finite++;
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    } else if (x !== x) nanCount++;
    else infCount++;
  }
  return finite
    ? { count: v.length, min, max, mean: sum / finite, nanCount, infCount }
    : { count: v.length, min: null, max: null, mean: null, nanCount, infCount };
}

/** Float scores shaped [C] or [batch, C] with at least two classes. */
export function looksLikeClassification(t: Tensor): boolean {
  if (t.type !== 'float32' && t.type !== 'float64' && t.type !== 'float16') return false;
  const classes = t.shape[t.shape.length - 1] ?? 0;
  return (t.shape.length === 1 || t.shape.length === 2) && classes >= 2;
}

/**
 * Top-k per row. Labels apply only when their count equals the number of classes: a list that
 * does not match (e.g. 1001 ImageNet labels with background for 1000 scores) would mislabel every
 * class, and an index is better than a wrong name.
 */
export function topK(t: Tensor, k = 5, labels?: ReadonlyArray<string | undefined>): TopK | null {
  if (!looksLikeClassification(t)) return null;
  const v = numericValues(t)!;
  const classes = t.shape[t.shape.length - 1]!;
  const rowCount = Math.min(t.shape.length === 1 ? 1 : t.shape[0]!, TOPK_MAX_ROWS);
  const useLabels = labels !== undefined && labels.length === classes;
  const kk = Math.min(k, classes);
  const rows: TopKEntry[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const best: TopKEntry[] = [];
    for (let c = 0; c < classes; c++) {
      const score = v[r * classes + c]!;
      if (!Number.isFinite(score)) continue; // NaN ranks nowhere; ±Infinity cannot travel as JSON
      if (best.length === kk && score <= best[kk - 1]!.score) continue;
      const entry: TopKEntry = { index: c, score };
      const label = useLabels ? labels[c] : undefined;
      if (label !== undefined) entry.label = label;
      let at = best.findIndex((b) => score > b.score);
      if (at < 0) at = best.length;
      best.splice(at, 0, entry);
      if (best.length > kk) best.pop();
    }
    rows.push(best);
  }
  return { k: kk, rows, labelled: useLabels };
}
