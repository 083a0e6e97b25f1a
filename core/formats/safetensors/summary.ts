// What a single file and a sharded index both show: the Dtypes table, the totals and the one-line
// description, computed from the merged tensor list.
import type { ForeignSection, ForeignTensor } from '../../../shared/formats/types';
import { MAX_FOREIGN_TENSORS } from '../../../shared/formats/types';
import { formatBytes, formatCount } from '../../../shared/format';

export interface Totals {
  tensorBytes: number | null;
  parameters: number | null;
  /** Dtypes by bytes, largest first. */
  dtypes: { dtype: string; tensors: number; bytes: number }[];
}

/** Sums bytes and elements; a total is null when any tensor lacks the figure. */
export function totals(tensors: readonly ForeignTensor[], elements: readonly (number | null)[]): Totals {
  let bytes: number | null = 0;
  let params: number | null = 0;
  const byDtype = new Map<string, { dtype: string; tensors: number; bytes: number }>();
  tensors.forEach((t, i) => {
    bytes = bytes === null || t.bytes === null ? null : bytes + t.bytes;
    const n = elements[i] ?? null;
    params = params === null || n === null ? null : params + n;
    const row = byDtype.get(t.dtype) ?? { dtype: t.dtype, tensors: 0, bytes: 0 };
    row.tensors++;
    row.bytes += t.bytes ?? 0;
    byDtype.set(t.dtype, row);
  });
  return {
    tensorBytes: bytes,
    parameters: params,
    dtypes: [...byDtype.values()].sort((a, b) => b.bytes - a.bytes || (a.dtype < b.dtype ? -1 : 1)),
  };
}

export function dtypeSection(t: Totals): ForeignSection {
  return {
    title: 'Dtypes',
    columns: ['dtype', 'tensors', 'bytes'],
    rows: t.dtypes.map((d) => [d.dtype, String(d.tensors), formatBytes(d.bytes)]),
    total: t.dtypes.length,
  };
}

/** "291 tensors, 7.2 GB, BF16" (the main dtypes, largest first). */
export function describe(count: number, t: Totals): string {
  const parts = [`${count} tensor${count === 1 ? '' : 's'}`];
  if (t.tensorBytes !== null) parts.push(formatBytes(t.tensorBytes));
  if (t.parameters !== null) parts.push(`${formatCount(t.parameters)} parameters`);
  const names = t.dtypes.filter((d) => d.dtype !== '?').map((d) => d.dtype);
  if (names.length) parts.push(names.length > 3 ? `${names.slice(0, 3).join(' + ')} + …` : names.join(' + '));
  return parts.join(', ');
}

/** The table keeps MAX_FOREIGN_TENSORS rows; the note says so. */
export function capTensors(tensors: ForeignTensor[], notes: string[]): ForeignTensor[] {
  if (tensors.length <= MAX_FOREIGN_TENSORS) return tensors;
  notes.push(`The tensor table shows the first ${MAX_FOREIGN_TENSORS} of ${tensors.length} tensors.`);
  return tensors.slice(0, MAX_FOREIGN_TENSORS);
}
