// The readable `diff` report: the verdict first, then one section per area with + (added),
// − (removed), ~ (changed or renamed) markers, then every counted finding with its reason.
import { formatBytes, formatCount } from '../shared/format';
import { entryText } from '../shared/diff/io-diff';
import { pct } from '../shared/diff/graph-diff';
import { fmt } from '../shared/diff/sample-diff';
import { countedFindings, type DiffReport, type IoRow, type SideFacts } from '../shared/diff/types';

const MARK: Record<IoRow['status'], string> = { same: ' ', added: '+', removed: '−', renamed: '~', changed: '~' };

export function formatDiff(r: DiffReport): string {
  const out: string[] = [];
  out.push(`${side(r.older)} → ${side(r.newer)}`, '');
  if (r.verdict === 'unverified') {
    out.push(
      `UNVERIFIED: the outputs could not be compared (no sample ran on both models), so "${r.classification === 'none' ? 'no change' : r.classification}" is not a verdict`,
    );
    out.push(
      `  ${r.samples?.hint ?? 'give inputs the model can run: --inputs inputs.json (as predict takes them), --dim NAME=SIZE, or a bundle with golden samples'}`,
    );
  }
  const verdict = r.classification === 'none' ? 'NO CHANGE' : r.classification.toUpperCase();
  const head = r.verdict === 'unverified' ? `  static comparison: ${verdict.toLowerCase()}` : verdict;
  out.push(
    r.classification === 'none'
      ? `${head}: version stays ${r.fromVersion}`
      : `${head}: suggested version ${r.suggestedVersion} (${r.bump} bump from ${r.fromVersion})`,
  );
  if (!r.newerVersionOk) out.push(`  the newer model says ${r.newer.version}: set its version to ${r.suggestedVersion} or later`);

  section('Inputs', r.io.inputs.map(ioLine));
  section('Outputs', r.io.outputs.map(ioLine));
  section(
    'Opsets',
    r.opsets.map((o) =>
      o.older === o.newer
        ? `    ${o.domain} ${o.older}`
        : `  ${o.older === null ? '+' : o.newer === null ? '−' : '~'} ${o.domain} ${o.older ?? '—'} → ${o.newer ?? '—'}`,
    ),
  );
  section(
    'Operators (main graph, changed counts)',
    r.ops.length
      ? r.ops.map((o) => `  ${o.older === 0 ? '+' : o.newer === 0 ? '−' : '~'} ${o.op} ${o.older} → ${o.newer}`)
      : ['    no change'],
  );
  const meta = r.findings.filter((f) => f.area === 'metadata');
  section(
    'Metadata',
    meta.length
      ? meta.map(
          (f) =>
            `  ${f.change === 'added' ? '+' : f.change === 'removed' ? '−' : '~'} ${f.subject.replace(/^metadata /, '')}${f.before !== undefined && f.after !== undefined ? `: ${f.before} → ${f.after}` : f.after !== undefined ? `: ${f.after}` : ''}`,
        )
      : ['    no change'],
  );
  const weights = r.findings.find((f) => f.area === 'weights');
  section('Size', [
    `  ${r.older.fileBytes + r.older.externalBytes === r.newer.fileBytes + r.newer.externalBytes ? ' ' : '~'} on disk ${formatBytes(r.older.fileBytes + r.older.externalBytes)} → ${formatBytes(r.newer.fileBytes + r.newer.externalBytes)}`,
    `  ${r.older.parameterCount === r.newer.parameterCount ? ' ' : '~'} parameters ${formatCount(r.older.parameterCount)} → ${formatCount(r.newer.parameterCount)}`,
    `  ${weights ? '~' : ' '} weights: ${weights ? weights.message : 'identical'}`,
  ]);
  if (r.samples) {
    section(
      `Golden samples of the older model (${r.samples.source}, ${r.samples.results.length})`,
      r.samples.results.map((s) => {
        const diff = s.maxAbsDiff !== undefined ? ` (max |diff| ${fmt(s.maxAbsDiff)})` : '';
        if (s.status === 'match') return `    ${s.name}: outputs match within tolerance${diff}`;
        if (s.status === 'differ') return `  ~ ${s.name}: outputs differ — ${s.detail ?? ''}${diff}`;
        return `  − ${s.name}: ${s.status === 'skipped' ? 'not run' : `the ${s.status === 'older-failed' ? 'older' : 'newer'} model failed`} — ${s.error?.code}: ${s.error?.message}`;
      }),
    );
  } else {
    section('Golden samples', ['    not run (--no-run)']);
  }
  if (r.performance) {
    const p = r.performance;
    section('Latency (p50, this machine)', [
      `    ${p.older.p50} ms → ${p.newer.p50} ms (${pct(p.older.p50, p.newer.p50)}); p90 ${p.older.p90} → ${p.newer.p90} ms; ${p.inputs}`,
    ]);
  }
  const counted = countedFindings(r.findings);
  section(
    'Why',
    counted.length
      ? counted.map((f) => `  [${f.severity}] ${f.message} — ${f.why}`)
      : ['    nothing that a consumer of the older model would notice'],
  );
  return `${out.join('\n')}\n`;

  function section(title: string, lines: string[]) {
    out.push('', title, ...lines);
  }
}

function side(s: SideFacts): string {
  return `${s.label} (${s.kind === 'bundle' ? 'bundle, ' : ''}${s.name} ${s.version}${s.metadataSource === 'derived' ? ', no metadata record' : ''})`;
}

function ioLine(row: IoRow): string {
  const a = row.older ? `${row.older.name} ${entryText(row.older)}` : '';
  const b = row.newer ? `${row.newer.name} ${entryText(row.newer)}` : '';
  if (row.status === 'same') return `    ${a}`;
  if (row.status === 'added') return `  + ${b}`;
  if (row.status === 'removed') return `  − ${a}`;
  return `  ${MARK[row.status]} ${a} → ${b}  (${row.notes.join('; ')})`;
}
