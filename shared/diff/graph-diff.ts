// What the model is made of, older vs newer: opset imports (and the IR version), the main graph's
// op histogram, the weights (by digest when the caller hashed them) and the sizes.
// Opsets: a raised or new domain is compatible for callers of the API but is a requirement on the
// runtime that loads the model (an older onnxruntime refuses an opset it does not know), so it
// counts as a minor change and says so. Ops and weights with an unchanged signature are patch: the
// contract holds; whether outputs moved is for the golden samples to say.
import { formatBytes, formatCount } from '../format';
import type { ModelSummary, OpsetId } from '../model-summary';
import type { DiffReport, Finding, WeightChanges } from './types';

export const domainName = (d: string) => d || 'ai.onnx';

export function diffOpsets(older: ModelSummary, newer: ModelSummary): { rows: DiffReport['opsets']; findings: Finding[] } {
  const a = opsetMap(older.opsets);
  const b = opsetMap(newer.opsets);
  const domains = [...new Set([...a.keys(), ...b.keys()])].sort();
  const rows: DiffReport['opsets'] = [];
  const findings: Finding[] = [];
  for (const d of domains) {
    const x = a.get(d) ?? null;
    const y = b.get(d) ?? null;
    rows.push({ domain: domainName(d), older: x, newer: y });
    if (x === y) continue;
    const subject = `opset ${domainName(d)}`;
    if (x === null) {
      findings.push({
        area: 'opsets',
        change: 'added',
        severity: 'compatible',
        subject,
        after: String(y),
        message: `${subject} ${y} imported`,
        why: 'a new operator domain: runtimes that do not implement it refuse to load the model',
      });
    } else if (y === null) {
      findings.push({
        area: 'opsets',
        change: 'removed',
        severity: 'patch',
        subject,
        before: String(x),
        message: `${subject} ${x} no longer imported`,
        why: 'one requirement fewer on the runtime',
      });
    } else if (y > x) {
      findings.push({
        area: 'opsets',
        change: 'changed',
        severity: 'compatible',
        subject,
        before: String(x),
        after: String(y),
        message: `${subject} raised ${x} → ${y}`,
        why: `same API for callers, but runtimes that support only ${domainName(d)} ≤ ${x} cannot load it (check the onnxruntime version consumers deploy)`,
      });
    } else {
      findings.push({
        area: 'opsets',
        change: 'changed',
        severity: 'patch',
        subject,
        before: String(x),
        after: String(y),
        message: `${subject} lowered ${x} → ${y}`,
        why: 'runs on at least the runtimes it ran on before',
      });
    }
  }
  if (older.irVersion !== newer.irVersion) {
    const raised = newer.irVersion > older.irVersion;
    findings.push({
      area: 'opsets',
      change: 'changed',
      severity: raised ? 'compatible' : 'patch',
      subject: 'IR version',
      before: String(older.irVersion),
      after: String(newer.irVersion),
      message: `IR version ${older.irVersion} → ${newer.irVersion}`,
      why: raised ? 'runtimes older than this IR version refuse to load the model' : 'runs on at least the runtimes it ran on before',
    });
  }
  return { rows, findings };
}

function opsetMap(opsets: OpsetId[]): Map<string, number> {
  // ai.onnx may be imported as '' or 'ai.onnx': one domain.
  return new Map(opsets.map((o) => [o.domain === 'ai.onnx' ? '' : o.domain, o.version]));
}

export function diffOps(older: ModelSummary, newer: ModelSummary): { rows: DiffReport['ops']; findings: Finding[] } {
  const a = older.stats.opHistogram;
  const b = newer.stats.opHistogram;
  const ops = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const rows = ops.map((op) => ({ op, older: a[op] ?? 0, newer: b[op] ?? 0 })).filter((r) => r.older !== r.newer);
  if (!rows.length) return { rows, findings: [] };
  const text = rows.map((r) => `${r.op} ${r.older} → ${r.newer}`).join(', ');
  return {
    rows,
    findings: [
      {
        area: 'ops',
        change: 'changed',
        severity: 'patch',
        subject: 'op histogram',
        message: `operators changed: ${text}`,
        why: 'the graph was rebuilt; the signature decides whether callers notice',
      },
    ],
  };
}

/**
 * Weight id → digest of its bytes (the service hashes them; ids and what counts as a weight are
 * shared/model-weights.ts's): weights that changed value without changing shape are invisible
 * otherwise. Undefined when either side was not hashed.
 */
export function diffWeights(
  older: Record<string, string> | undefined,
  newer: Record<string, string> | undefined,
): { rows?: WeightChanges; findings: Finding[] } {
  if (!older || !newer) return { findings: [] };
  const ids = Object.keys(older);
  const changed = ids.filter((n) => n in newer && newer[n] !== older[n]);
  const removed = ids.filter((n) => !(n in newer));
  const added = Object.keys(newer).filter((n) => !(n in older));
  const rows: WeightChanges = { older: ids.length, newer: Object.keys(newer).length, changed, added, removed };
  if (!changed.length && !removed.length && !added.length) return { rows, findings: [] };
  const parts = [
    changed.length ? `${changed.length} of ${ids.length} weights changed value (${list(changed)})` : '',
    added.length ? `${added.length} added (${list(added)})` : '',
    removed.length ? `${removed.length} removed (${list(removed)})` : '',
  ].filter(Boolean);
  return {
    rows,
    findings: [
      {
        area: 'weights',
        change: 'changed',
        severity: 'patch',
        subject: 'weights',
        message: parts.join('; '),
        why: 'same contract, different parameters: the golden samples show how far the outputs moved',
      },
    ],
  };
}

function list(names: string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')}, …`;
}

export function sizeFindings(older: ModelSummary, newer: ModelSummary): Finding[] {
  const out: Finding[] = [];
  const bytes = (s: ModelSummary) => s.file.bytes + s.externalData.reduce((n, e) => n + e.fileBytes, 0);
  const [x, y] = [bytes(older), bytes(newer)];
  if (x !== y)
    out.push({
      area: 'size',
      change: 'changed',
      severity: 'info',
      subject: 'size on disk',
      before: formatBytes(x),
      after: formatBytes(y),
      message: `size ${formatBytes(x)} → ${formatBytes(y)} (${pct(x, y)})`,
      why: 'shown, not counted',
    });
  const [p, q] = [older.stats.weights.parameterCount, newer.stats.weights.parameterCount];
  if (p !== q)
    out.push({
      area: 'size',
      change: 'changed',
      severity: 'patch',
      subject: 'parameters',
      before: formatCount(p),
      after: formatCount(q),
      message: `parameters ${formatCount(p)} → ${formatCount(q)} (${pct(p, q)})`,
      why: 'different parameters behind the same contract',
    });
  return out;
}

export function pct(x: number, y: number): string {
  if (x === 0) return y === 0 ? '±0%' : 'new';
  const v = ((y - x) / x) * 100;
  return `${v >= 0 ? '+' : ''}${Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1)}%`;
}
