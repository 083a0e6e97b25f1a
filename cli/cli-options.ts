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
