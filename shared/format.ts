// Small formatters shared by the CLI and the renderer so both say "1.2 GB" the same way.
import type { Dim } from './model-summary';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const units = ['K', 'M', 'B', 'T'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}${units[i]}`;
}

export function formatShape(shape: Dim[] | null | undefined): string {
  if (shape == null) return '[?…]';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
