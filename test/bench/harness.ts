// The bench harness every performance target uses: each figure is printed beside a baseline
// measured in the same run, as a ratio, so a slow machine slows both sides alike.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number } | null;
  /** baseline / value for "lower is better" units: how many times better we are. */
  ratio: number | null;
  /** The target, e.g. "≤ 200 ms"; met says whether this run met it. */
  target?: string;
  met?: boolean;
}

export function result(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number } | null,
  target?: { text: string; met: boolean },
): BenchResult {
  const ratio = baseline && value > 0 ? round(baseline.value / value, 2) : null;
  // Sub-10 figures (e.g. a 0.25 ms overhead) keep three decimals; one would round them away.
  const r = (v: number) => round(v, Math.abs(v) < 10 ? 3 : 1);
  return {
    name,
    value: r(value),
    unit,
    baseline: baseline && { ...baseline, value: r(baseline.value) },
    ratio,
    target: target?.text,
    met: target?.met,
  };
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs a measuring child process that prints one JSON object as its last stdout line. */
export function runChild<T>(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim().slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${cmd} printed no JSON result: ${out.slice(-500)}`));
      }
    });
  });
}

export function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.baseline ? `${r.baseline.name}: ${r.baseline.value} ${r.unit}` : '—',
    r.ratio === null ? '—' : `${r.ratio}×`,
    r.target ? `${r.target} ${r.met ? 'met' : 'MISSED'}` : '',
  ]);
  const head = ['figure', 'value', 'baseline (same run)', 'ratio', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Big fixtures take seconds to write: keep them in .bench/ between runs. */
export function cached(dir: string, name: string, build: (d: string) => string, minBytes: number): string {
  const sub = path.join(dir, name);
  mkdirSync(sub, { recursive: true });
  const existing = readdirSync(sub).find((n) => n.endsWith('.onnx'));
  if (existing && statSync(path.join(sub, existing)).size >= minBytes) return path.join(sub, existing);
  return build(sub);
}
