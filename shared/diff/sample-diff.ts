// The older model's golden samples run on both models: outputs they share are compared with the
// bundle's tolerances (compare-outputs.ts). The rules:
// - outputs beyond tolerance with the signature unchanged is a behaviour change: callers keep
//   working but get other answers → compatible (minor), never silently patch;
// - the newer model failing on inputs the older took: callers get errors → breaking (a signature
//   change that already explains it is breaking anyway);
// - the older model failing on its own sample: nothing to compare → info.
import { compareOutputs } from '../bundle/compare-outputs';
import type { JsonTensor } from '../tensors';
import type { Finding, SampleResult } from './types';

type Outputs = Record<string, Required<JsonTensor>>;

/**
 * Older vs newer outputs for one sample, over the outputs both give; `renamed` (older name → newer
 * name, from the signature diff) pairs a renamed output with its new name.
 */
export function compareSampleOutputs(name: string, older: Outputs, newer: Outputs, renamed: Record<string, string> = {}): SampleResult {
  const newerOf = (k: string) => (k in newer ? k : renamed[k]);
  const shared = Object.keys(older).filter((k) => {
    const n = newerOf(k);
    return n !== undefined && n in newer;
  });
  const pick = (o: Outputs, side: 'older' | 'newer') =>
    Object.fromEntries(shared.map((k) => [k, side === 'older' ? o[k]! : o[newerOf(k)!]!]));
  const c = compareOutputs(pick(older, 'older'), pick(newer, 'newer'));
  const maxAbsDiff = maxDifference(pick(older, 'older'), pick(newer, 'newer'));
  return {
    name,
    status: c.ok ? 'match' : 'differ',
    outputs: shared,
    ...(maxAbsDiff !== undefined ? { maxAbsDiff } : {}),
    // compare-outputs speaks of expected/got; here the older model's output is the reference.
    ...(c.ok
      ? {}
      : {
          detail: `output "${c.mismatch!.output}"${c.mismatch!.index >= 0 ? `, element ${c.mismatch!.index}` : ''}: ${c.mismatch!.why.replace(/^expected (.*), got /, 'older $1, newer ')}`,
        }),
  };
}

/** The largest |b − a| over float outputs of equal shape (Infinity when a NaN meets a number). */
export function maxDifference(a: Outputs, b: Outputs): number | undefined {
  let worst: number | undefined;
  for (const [name, x] of Object.entries(a)) {
    const y = b[name];
    if (!y || !x.type.startsWith('float') || x.type !== y.type || x.data.length !== y.data.length) continue;
    for (let i = 0; i < x.data.length; i++) {
      const p = Number(x.data[i]);
      const q = Number(y.data[i]);
      const d = p === q || (Number.isNaN(p) && Number.isNaN(q)) ? 0 : Math.abs(q - p);
      const v = Number.isNaN(d) ? Infinity : d;
      if (worst === undefined || v > worst) worst = v;
    }
  }
  return worst;
}

export function sampleFindings(results: readonly SampleResult[]): Finding[] {
  const out: Finding[] = [];
  for (const r of results) {
    const subject = `sample "${r.name}"`;
    if (r.status === 'differ') {
      out.push({
        area: 'samples',
        change: 'changed',
        severity: 'compatible',
        subject,
        message: `${subject}: outputs differ beyond tolerance (${r.detail ?? 'see the sample'}${r.maxAbsDiff !== undefined ? `; max |diff| ${fmt(r.maxAbsDiff)}` : ''})`,
        why: 'a behaviour change: callers keep working but get other answers (at least minor)',
      });
    } else if (r.status === 'newer-failed') {
      out.push({
        area: 'samples',
        change: 'changed',
        severity: 'breaking',
        subject,
        message: `${subject}: the newer model fails on the older model's inputs (${r.error?.code ?? 'error'}: ${r.error?.message ?? ''})`,
        why: 'inputs callers send today are refused',
      });
    } else if (r.status === 'older-failed') {
      out.push({
        area: 'samples',
        change: 'changed',
        severity: 'info',
        subject,
        message: `${subject}: the older model fails on it (${r.error?.code ?? 'error'}); not compared`,
        why: 'nothing to compare against',
      });
    }
  }
  return out;
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}
