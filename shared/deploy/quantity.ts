// Kubernetes memory quantities: parse what a user types (300Mi, 1Gi, 512M, 268435456) and write
// what the manifests carry (always whole Mi, the unit `kubectl top` shows).

const MI = 1024 * 1024;
const SUFFIX: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: MI, Gi: 1024 * MI, Ti: 1024 * 1024 * MI };

/** Bytes of a memory quantity, or null when it is not one (e.g. "300MB", "-1Mi", "1.5.0Gi"). */
export function parseMemory(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(|k|M|G|T|Ki|Mi|Gi|Ti)$/.exec(text.trim());
  if (!m) return null;
  const bytes = Math.ceil(Number(m[1]) * SUFFIX[m[2]!]!);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : null;
}

/** Whole Mi, e.g. 301989888 → "288Mi" (callers round first). */
export function formatMi(bytes: number): string {
  return `${Math.ceil(bytes / MI)}Mi`;
}

export { MI };
