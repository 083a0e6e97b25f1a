// Option parsers shared by the CLI's commands (commander calls them once per value).
import { InvalidArgumentError } from 'commander';

export function parsePositiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

export function parseNonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

/** A size in bytes: `16777216`, `512KiB`, `64MiB`, `1GiB` (also KB/MB/GB, ×1000). */
export function parseByteSize(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?\s*$/i.exec(v);
  const units: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
  const n = m ? Math.round(Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a size such as 16777216, 512KiB or 64MiB');
  return n;
}

/** `a,b` → ["a", "b"] (names as they are; an empty list is allowed: ""). */
export function parseNameList(v: string): string[] {
  return v === ''
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}

/** `1,8,32` → [1, 8, 32]. */
export function parseIntList(v: string): number[] {
  return v.split(',').map((s) => parsePositiveInt(s.trim()));
}

/** Repeatable `--dim seq=128`: collects a map of symbolic dim sizes. */
export function collectDim(v: string, previous: Record<string, number> = {}): Record<string, number> {
  const eq = v.lastIndexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected name=size, e.g. seq=128');
  return { ...previous, [v.slice(0, eq)]: parsePositiveInt(v.slice(eq + 1)) };
}
