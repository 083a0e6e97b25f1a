// Rows of the Weights table: any record with an id and a size (shared/model-weights.ts Weight).
interface Row {
  id: string;
  byteLength: number;
}

// One collator for every comparison: localeCompare with options builds one per call, which made
// sorting a 50k-node model's 78k initializers take ~3 s of the Inspect step's first render.
const byName = new Intl.Collator('en', { numeric: true }).compare;

/** Largest first; equal sizes by name, so the order is stable across reads. */
export function sortBySize<T extends Row>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.byteLength - a.byteLength || byName(a.id, b.id));
}

export function filterByName<T extends Row>(list: readonly T[], query: string): readonly T[] {
  const q = query.trim().toLowerCase();
  return q ? list.filter((t) => t.id.toLowerCase().includes(q)) : list;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function pageOf<T>(list: readonly T[], page: number, pageSize: number): T[] {
  return list.slice(page * pageSize, page * pageSize + pageSize);
}
