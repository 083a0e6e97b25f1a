// How output tensors are laid out and written in the Test step: pure, so it is tested under Node.
import { writeNpy } from '../../../shared/npy';
import { wireToTensor } from '../../../shared/tensor-json';
import { wireToJson } from '../../../shared/tensor-wire';
import type { JsonScalar, TensorType, WireTensor } from '../../../shared/tensors';

/** Values shown before "Show all". */
export const PREVIEW_VALUES = 120;
/** Beyond this many values "Show all" is not offered: the page would choke; download instead. */
export const SHOW_ALL_MAX = 5000;
const MAX_MATRIX_COLS = 16;
const FLAT_COLS = 10;

/** Six significant digits, exponent for the very small and very large, integers as they are. */
export function formatValue(v: JsonScalar | bigint, type: TensorType | undefined): string {
  if (typeof v !== 'number') return String(v);
  if (type !== 'float32' && type !== 'float64' && type !== 'float16') return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(4).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(6)));
}

export interface Layout {
  cols: number;
  /** Headers of the columns (last-dim indices), or null for a flat run of values. */
  colHeads: number[] | null;
  rowLabel: (row: number) => string;
}

/**
 * Rows along the last dim when it is narrow (class scores, boxes, small matrices), labelled by the
 * leading indices; otherwise a flat run of values labelled by the position of each row's first.
 */
export function layoutOf(shape: readonly number[]): Layout {
  const last = shape.length ? shape[shape.length - 1]! : 1;
  if (shape.length >= 1 && last >= 1 && last <= MAX_MATRIX_COLS) {
    const lead = shape.slice(0, -1);
    return {
      cols: last,
      colHeads: Array.from({ length: last }, (_, i) => i),
      rowLabel: (r) => (lead.length ? `[${unravel(r, lead).join(',')}]` : ''),
    };
  }
  return { cols: FLAT_COLS, colHeads: null, rowLabel: (r) => `#${r * FLAT_COLS}` };
}

export function unravel(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = flat % shape[a]!;
    flat = Math.floor(flat / shape[a]!);
  }
  return out;
}

/** Bar widths (0–1) for top-k scores: probabilities as they are, other scores relative to the range. */
export function barFractions(scores: readonly number[]): number[] {
  if (scores.length === 0) return [];
  const probabilities = scores.every((s) => s >= 0 && s <= 1);
  if (probabilities) return scores.map((s) => s);
  const hi = Math.max(...scores);
  const lo = Math.min(0, ...scores);
  return scores.map((s) => (hi === lo ? 1 : (s - lo) / (hi - lo)));
}

/**
 * The JSON form of one tensor (docs/architecture.md §The JSON form of tensors), as a downloadable
 * file body.
 */
export function tensorJsonText(t: Required<WireTensor>): string {
  const json = wireToJson(t);
  return JSON.stringify({ type: json.type, shape: json.shape, data: json.data });
}

export function tensorNpyBytes(t: Required<WireTensor>, name: string): Uint8Array {
  return writeNpy(wireToTensor(t, `Output "${name}"`));
}

/** A file name from a tensor name: path separators and oddities replaced. */
export function fileNameFor(name: string, ext: string): string {
  const base = name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'tensor';
  return `${base}.${ext}`;
}
