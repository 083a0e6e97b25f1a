// The IO signature, older vs newer. Entries match by name; an unmatched pair at the same position
// with the same type and shape is a rename (the only thing that changed is what callers must call
// it). Each difference is a Finding saying why it breaks callers or not:
// - inputs are what callers send: removing, renaming, retyping, or narrowing a dim (dynamic → fixed,
//   fixed → another size) rejects requests that worked; relaxing a dim (fixed → dynamic) accepts
//   everything it did before; a new input is required (graph inputs have no defaults) → breaking.
// - outputs are what consumers read: removing, renaming, retyping or changing a dim breaks code that
//   reads them (a fixed size made dynamic too: buffers sized for it no longer fit — unless the new
//   symbol is an input's, so the old input size still gives the old output size); a new output, or
//   a dynamic dim made fixed (a value the consumer already handled), is compatible.
import { formatShape } from '../format';
import type { Dim, ValueInfo } from '../model-summary';
import type { Finding, IoEntry, IoRow, Severity } from './types';

export function ioEntry(v: ValueInfo): IoEntry {
  const tensor = v.type.kind === 'tensor';
  return { name: v.name, type: tensor ? (v.type.elemType ?? 'undefined') : v.type.text, shape: tensor ? (v.type.shape ?? null) : null };
}

export function entryText(e: IoEntry): string {
  return `${e.type}${formatShape(e.shape)}`;
}

const sameSignature = (a: IoEntry, b: IoEntry) => a.type === b.type && JSON.stringify(a.shape) === JSON.stringify(b.shape);

/** Rows for the table and findings for the report, for one side (inputs or outputs). */
/**
 * `inputSymbols`: symbolic dims of the newer model's inputs. An output dim made dynamic with one of
 * them follows that input dim: callers sending the old size still get the old size.
 */
export function diffIo(
  side: 'inputs' | 'outputs',
  older: ValueInfo[],
  newer: ValueInfo[],
  inputSymbols: ReadonlySet<string> = new Set(),
): { rows: IoRow[]; findings: Finding[] } {
  const a = older.map(ioEntry);
  const b = newer.map(ioEntry);
  const bByName = new Map(b.map((e) => [e.name, e]));
  const aNames = new Set(a.map((e) => e.name));
  const matched = new Set<string>();
  const rows: IoRow[] = [];
  const findings: Finding[] = [];
  const what = side === 'inputs' ? 'input' : 'output';

  for (const [i, x] of a.entries()) {
    const y = bByName.get(x.name);
    if (y) {
      matched.add(y.name);
      const changes = entryChanges(side, x, y, inputSymbols);
      rows.push({ status: changes.length ? 'changed' : 'same', older: x, newer: y, notes: changes.map((c) => c.note) });
      for (const c of changes)
        findings.push({
          area: side,
          change: 'changed',
          severity: c.severity,
          subject: `${what} "${x.name}"`,
          before: c.before,
          after: c.after,
          message: `${what} "${x.name}": ${c.note}`,
          why: c.why,
        });
      continue;
    }
    // Same position, not a name the older model had, same type and shape: renamed.
    const candidate = b[i];
    if (candidate && !aNames.has(candidate.name) && !matched.has(candidate.name) && sameSignature(x, candidate)) {
      matched.add(candidate.name);
      rows.push({ status: 'renamed', older: x, newer: candidate, notes: [`renamed "${x.name}" → "${candidate.name}"`] });
      findings.push({
        area: side,
        change: 'renamed',
        severity: 'breaking',
        subject: `${what} "${x.name}"`,
        before: x.name,
        after: candidate.name,
        message: `${what} "${x.name}" renamed to "${candidate.name}" (same position, ${entryText(x)})`,
        why:
          side === 'inputs' ? `callers sending "${x.name}" are refused (unknown input)` : `consumers reading "${x.name}" no longer find it`,
      });
      continue;
    }
    rows.push({ status: 'removed', older: x, notes: ['removed'] });
    findings.push({
      area: side,
      change: 'removed',
      severity: 'breaking',
      subject: `${what} "${x.name}"`,
      before: entryText(x),
      message: `${what} "${x.name}" ${entryText(x)} removed`,
      why:
        side === 'inputs'
          ? `callers still sending "${x.name}" are refused (unknown input)`
          : `consumers reading "${x.name}" no longer get it`,
    });
  }
  for (const y of b) {
    if (matched.has(y.name)) continue;
    rows.push({ status: 'added', newer: y, notes: ['added'] });
    findings.push({
      area: side,
      change: 'added',
      severity: side === 'inputs' ? 'breaking' : 'compatible',
      subject: `${what} "${y.name}"`,
      after: entryText(y),
      message: `${what} "${y.name}" ${entryText(y)} added`,
      why:
        side === 'inputs'
          ? 'a new graph input is required: callers written for the older model do not send it'
          : 'a new output: existing consumers ignore it',
    });
  }
  return { rows, findings };
}

interface EntryChange {
  note: string;
  severity: Severity;
  why: string;
  before: string;
  after: string;
}

function entryChanges(side: 'inputs' | 'outputs', x: IoEntry, y: IoEntry, inputSymbols: ReadonlySet<string>): EntryChange[] {
  const out: EntryChange[] = [];
  if (x.type !== y.type) {
    out.push({
      note: `type ${x.type} → ${y.type}`,
      severity: 'breaking',
      before: x.type,
      after: y.type,
      why: side === 'inputs' ? `callers send ${x.type}; the newer model refuses it` : `consumers decode ${x.type}; they get ${y.type}`,
    });
  }
  const sx = x.shape;
  const sy = y.shape;
  if (sx === null || sy === null) {
    if (sx !== sy) {
      // Unknown rank accepts / may give anything; a known rank is a narrowing for inputs.
      const relaxed = side === 'inputs' ? sy === null : sx === null;
      out.push({
        note: `shape ${formatShape(sx)} → ${formatShape(sy)}`,
        severity: relaxed ? 'compatible' : 'breaking',
        before: formatShape(sx),
        after: formatShape(sy),
        why: relaxed
          ? 'every shape accepted before is still accepted'
          : side === 'inputs'
            ? 'shapes accepted before may now be refused'
            : 'consumers may get shapes they were not written for',
      });
    }
    return out;
  }
  if (sx.length !== sy.length) {
    out.push({
      note: `rank ${sx.length} → ${sy.length} (${formatShape(sx)} → ${formatShape(sy)})`,
      severity: 'breaking',
      before: formatShape(sx),
      after: formatShape(sy),
      why: side === 'inputs' ? `callers send rank-${sx.length} tensors; they are refused` : `consumers expect rank ${sx.length}`,
    });
    return out;
  }
  for (let d = 0; d < sx.length; d++) {
    const c = dimChange(side, sx[d]!, sy[d]!, inputSymbols);
    if (c) out.push({ ...c, note: `dim ${d}: ${dimText(sx[d]!)} → ${dimText(sy[d]!)}`, before: dimText(sx[d]!), after: dimText(sy[d]!) });
  }
  return out;
}

export function dimText(d: Dim): string {
  return d === null ? '?' : String(d);
}

function dimChange(
  side: 'inputs' | 'outputs',
  a: Dim,
  b: Dim,
  inputSymbols: ReadonlySet<string>,
): { severity: Severity; why: string } | null {
  if (a === b) return null;
  const fixedA = typeof a === 'number';
  const fixedB = typeof b === 'number';
  if (fixedA && fixedB) {
    return {
      severity: 'breaking',
      why: side === 'inputs' ? `callers send size ${a}; the newer model refuses it` : `consumers sized for ${a} get ${b}`,
    };
  }
  if (fixedA && !fixedB) {
    return side === 'inputs'
      ? { severity: 'compatible', why: `relaxed to dynamic: size ${a} is still accepted, and others now too` }
      : typeof b === 'string' && inputSymbols.has(b)
        ? { severity: 'compatible', why: `follows input dim "${b}": callers sending ${a} as before still get ${a}` }
        : { severity: 'breaking', why: `consumers sized for ${a} may get other sizes` };
  }
  if (!fixedA && fixedB) {
    return side === 'inputs'
      ? { severity: 'breaking', why: `made fixed: callers sending another size than ${b} are refused` }
      : { severity: 'compatible', why: `made fixed: a size consumers of a dynamic dim already handle` };
  }
  // Symbolic ↔ symbolic or unknown: any size either way. A renamed symbol can only change which
  // dims must be equal; report it, do not count it against callers.
  return { severity: 'patch', why: 'still dynamic (the symbolic name only ties dims that must be equal)' };
}
