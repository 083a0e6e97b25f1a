import type { TensorInfo } from '../../../shared/model-summary';

/** Largest first; equal sizes by name, so the order is stable across reads. */
export function sortBySize(list: readonly TensorInfo[]): TensorInfo[] {
  return [...list].sort((a, b) => b.byteLength - a.byteLength || a.name.localeCompare(b.name, 'en', { numeric: true }));
}

export function filterByName(list: readonly TensorInfo[], query: string): readonly TensorInfo[] {
  const q = query.trim().toLowerCase();
  return q ? list.filter((t) => t.name.toLowerCase().includes(q)) : list;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function pageOf<T>(list: readonly T[], page: number, pageSize: number): T[] {
  return list.slice(page * pageSize, page * pageSize + pageSize);
}
