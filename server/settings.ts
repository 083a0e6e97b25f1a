// The server's load settings (docs/architecture.md §Serving under load), from flags or environment.
// Defaults: batching on for batchable models, taking what waits (no added delay), up to 32 rows;
// the memory budget derived from the memory the server may use (memory-budget.ts).

export interface BatchSettings {
  /** Rows per merged run; 1 turns dynamic batching off. */
  maxBatchSize: number;
  /** How long a batch that is not full may wait for more requests after its first one arrived. */
  maxQueueDelayMs: number;
}

export const DEFAULT_BATCH: BatchSettings = { maxBatchSize: 32, maxQueueDelayMs: 0 };

/** "512Mi", "1.5Gi", "2G", "1048576": Kubernetes quantities (binary and decimal suffixes) or bytes. */
export function parseBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|K|k|M|G|T)?i?B?\s*$/.exec(text);
  if (!m) return null;
  const unit = m[2] ?? '';
  const scale: Record<string, number> = {
    '': 1,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    K: 1e3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  const n = Math.floor(Number(m[1]) * scale[unit]!);
  return Number.isSafeInteger(n) ? n : null;
}
