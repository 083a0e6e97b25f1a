// How many request-body bytes may be in flight (admission.ts). Derived from the memory the server
// may use — the container's limit read from its cgroup (what `docker run --memory` and a Kubernetes
// `resources.limits.memory` set), else MODELCRATE_MEMORY_LIMIT, else the machine's RAM — minus the
// working set measured once the model is loaded and its samples replayed, divided by what one body
// byte costs while it is served (the body, its text, the parsed lists, the tensors, and the garbage
// the codec thread has not collected yet: peak RSS grew 3.5× the admitted bytes with four 60 MiB
// FP32 JSON bodies (`npm run bench -- --only server`) and 5.4× with three 26 MiB ones
// (test/integration/server-load.spec.ts); 6 covers both). MODELCRATE_MEMORY_BUDGET sets it outright.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Peak bytes of memory per body byte while a JSON request is decoded, run and answered. */
export const BYTES_PER_BODY_BYTE = 6;
/** Of the limit, what requests may use: the rest is headroom for the GC and the runtime's arena. */
const USABLE = 0.75;
/** Never below this, whatever the arithmetic (one request alone is always admitted anyway). */
export const MIN_BUDGET = 64 << 20;

export interface MemoryLimit {
  bytes: number;
  from: 'cgroup v2' | 'cgroup v1' | 'setting' | 'machine';
}

/** The cgroup's limit (v2 memory.max, v1 memory.limit_in_bytes), null when unlimited or not in one. */
export function cgroupLimit(root = '/sys/fs/cgroup'): MemoryLimit | null {
  const v2 = readText(`${root}/memory.max`);
  if (v2 !== null) return v2 === 'max' ? null : limitOf(v2, 'cgroup v2');
  const v1 = readText(`${root}/memory/memory.limit_in_bytes`);
  // v1 writes a huge page-aligned number (2^63 rounded down) for "no limit".
  return v1 === null ? null : limitOf(v1, 'cgroup v1');
}

export function memoryLimit(setting: number | undefined, root?: string): MemoryLimit {
  if (setting !== undefined) return { bytes: setting, from: 'setting' };
  const cg = cgroupLimit(root);
  const total = os.totalmem();
  return cg && cg.bytes < total ? cg : { bytes: total, from: 'machine' };
}

/** Body bytes that may be in flight, given the limit and the working set once ready. */
export function bodyBudget(limit: number, workingSet: number): number {
  return Math.max(MIN_BUDGET, Math.floor((limit * USABLE - workingSet) / BYTES_PER_BODY_BYTE));
}

function limitOf(text: string, from: MemoryLimit['from']): MemoryLimit | null {
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? { bytes: n, from } : null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}
