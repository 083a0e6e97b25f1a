// The server's load settings (docs/architecture.md §Serving under load), from flags or environment.
// Defaults: batching on for batchable models, taking what waits (no added delay), up to 32 rows;
// the memory budget derived from the memory the server may use (memory-budget.ts).
import { AppError } from '../shared/errors';
import { parseMemory } from '../shared/deploy/quantity';

export interface BatchSettings {
  /** Rows per merged run; 1 turns dynamic batching off. */
  maxBatchSize: number;
  /** How long a batch that is not full may wait for more requests after its first one arrived. */
  maxQueueDelayMs: number;
}

export const DEFAULT_BATCH: BatchSettings = { maxBatchSize: 32, maxQueueDelayMs: 0 };

export interface LoadOptions {
  batch: BatchSettings;
  memoryLimit?: number;
  memoryBudget?: number;
}

/** Flag name → environment variable, for the load settings (flags win). */
export const LOAD_FLAGS = {
  'max-batch-size': 'MODELCRATE_MAX_BATCH_SIZE',
  'max-queue-delay-ms': 'MODELCRATE_MAX_QUEUE_DELAY_MS',
  'memory-limit': 'MODELCRATE_MEMORY_LIMIT',
  'memory-budget': 'MODELCRATE_MEMORY_BUDGET',
} as const;
export type LoadFlag = keyof typeof LOAD_FLAGS;

/** The load settings from flags (`--max-batch-size 16`) or their environment variables; a bad value names what it takes. */
export function parseLoadOptions(flags: Partial<Record<LoadFlag, string>>, env: NodeJS.ProcessEnv): LoadOptions {
  const value = (f: LoadFlag) => {
    const v = flags[f] ?? env[LOAD_FLAGS[f]];
    return v === undefined || v === '' ? undefined : v;
  };
  const bad = (f: LoadFlag, v: string, takes: string) =>
    new AppError('INVALID_REQUEST', `--${f} (or ${LOAD_FLAGS[f]}) is "${v}"; it takes ${takes}.`);
  const int = (f: LoadFlag, min: number, fallback: number) => {
    const v = value(f);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw bad(f, v, `a whole number ≥ ${min}`);
    return n;
  };
  const bytes = (f: LoadFlag) => {
    const v = value(f);
    if (v === undefined) return undefined;
    const n = parseMemory(v);
    if (n === null) throw bad(f, v, 'a size such as 1536Mi, 2Gi or a byte count');
    return n;
  };
  const memoryLimit = bytes('memory-limit');
  const memoryBudget = bytes('memory-budget');
  return {
    batch: {
      maxBatchSize: int('max-batch-size', 1, DEFAULT_BATCH.maxBatchSize),
      maxQueueDelayMs: int('max-queue-delay-ms', 0, DEFAULT_BATCH.maxQueueDelayMs),
    },
    ...(memoryLimit !== undefined ? { memoryLimit } : {}),
    ...(memoryBudget !== undefined ? { memoryBudget } : {}),
  };
}
