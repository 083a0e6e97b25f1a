// The side-by-side comparison: both models' headers, the verdict with the suggested version, then
// the IO signature, opsets, operators, metadata, size, latency and golden samples, each change
// marked; every counted finding with its reason at the end. Progress and Cancel while it runs.
import { useEffect, useRef } from 'react';
import { entryText } from '../../../shared/diff/io-diff';
import { pct } from '../../../shared/diff/graph-diff';
import { fmt } from '../../../shared/diff/sample-diff';
import { countedFindings, type DiffReport, type Finding, type IoRow, type SideFacts } from '../../../shared/diff/types';
import { formatBytes, formatCount } from '../../../shared/format';
import { useJobProgress } from '../../app/jobs';
import { Card } from '../../components/Card';
import { ErrorNote } from '../../components/ErrorNote';
import { Spinner } from '../../components/Spinner';
import { useStudio } from '../../store';
import { cancelDiff, closeDiff, rerunDiff } from './diff-commands';
import { readLatency, readingText, spreadOf } from './timing-noise';
import './diff.css';

const VERDICT: Record<DiffReport['verdict'], string> = {
  breaking: 'Breaking change',
  compatible: 'Compatible change',
  patch: 'Patch',
  none: 'No change',
  unverified: 'Unverified',
};
const MARK: Record<IoRow['status'], string> = { same: '', added: '+', removed: '−', renamed: '~', changed: '~' };

export function DiffView() {
  const diff = useStudio((s) => s.diff);
  const model = useStudio((s) => s.model);
  const verdictRef = useRef<HTMLHeadingElement>(null);
  const phase = diff?.phase;
  const job = useJobProgress(phase === 'running' ? diff?.jobId : null);
  // The verdict is what the user waited for: focus moves there (keyboard and screen reader users).
  useEffect(() => {
    if (phase === 'done') verdictRef.current?.focus();
  }, [phase]);
  if (!diff || !model) return null;
  const r = diff.report;
  const busy = diff.phase === 'opening' || diff.phase === 'running';
  const progress = job.status ? { label: job.label || 'Starting…', done: job.done, total: job.total } : diff.progress;
  return (
    <div className="diff-view" data-testid="diff-view" data-diff-phase={diff.phase} aria-busy={busy}>
      <div className="step-intro diff-intro">
        <h1>Compare versions</h1>
        <div className="diff-actions">
          {diff.phase === 'cancelled' || diff.phase === 'done' ? (
            diff.other.modelId ? (
              <button type="button" className="btn btn-sm" onClick={() => void rerunDiff()}>
                Compare again
              </button>
            ) : null
          ) : null}
          <button type="button" className="btn btn-sm" onClick={closeDiff}>
            Back to Inspect
          </button>
        </div>
      </div>
      <p className="lead diff-lead" data-testid="diff-lead">
        The model open here, <span className="mono">{model.fileName}</span>, is taken as the older version; the file you chose,{' '}
        <span className="mono">{diff.other.fileName}</span>, as the newer one. The verdict says what changes for a consumer of the older
        one, and which version the newer one should carry.
      </p>
      <div className="diff-sides">
        <SideCard role="Older" origin="the model open here" fileName={model.fileName} facts={r?.older} />
        <SideCard role="Newer" origin="the file you chose" fileName={diff.other.fileName} facts={r?.newer} />
      </div>
      {busy ? (
        <div className="diff-progress" role="status" data-testid="diff-progress">
          <Spinner size={16} /> <span>{progress?.label ?? 'Working…'}</span>
          {progress?.total ? <progress max={progress.total} value={progress.done} aria-label="Comparison progress" /> : null}
          <button type="button" className="btn btn-sm" onClick={cancelDiff}>
            Cancel
          </button>
        </div>
      ) : null}
      {diff.phase === 'cancelled' ? (
        <p className="diff-note" role="status">
          Comparison cancelled.
        </p>
      ) : null}
      {diff.phase === 'error' && diff.error ? <ErrorNote error={diff.error} testId="diff-error" /> : null}
      {r ? <Report r={r} verdictRef={verdictRef} /> : null}
    </div>
  );
}

function SideCard({ role, origin, fileName, facts }: { role: string; origin: string; fileName: string; facts: SideFacts | undefined }) {
  return (
    <section className="diff-side card" aria-label={`${role} model`} data-testid={`diff-side-${role.toLowerCase()}`}>
      <p className="diff-side-role">
        {role} <span className="diff-side-origin">· {origin}</span>
      </p>
      <h2 className="mono diff-side-name">{facts?.label ?? fileName}</h2>
      {facts ? (
        <dl className="diff-facts">
          <dt>Name</dt>
          <dd className="mono">
            {facts.name} {facts.version}
            {facts.metadataSource === 'derived' ? <span className="muted"> (no metadata record)</span> : null}
          </dd>
          <dt>Kind</dt>
          <dd>{facts.kind === 'bundle' ? 'bundle' : 'ONNX model'}</dd>
          <dt>Producer</dt>
          <dd>{facts.producer || '—'}</dd>
          <dt>IR</dt>
          <dd>{facts.irVersion}</dd>
          <dt>Size</dt>
          <dd>
            {formatBytes(facts.fileBytes + facts.externalBytes)} · {formatCount(facts.parameterCount)} parameters · {facts.nodeCount} nodes
          </dd>
        </dl>
      ) : null}
    </section>
  );
}

function Report({ r, verdictRef }: { r: DiffReport; verdictRef: React.RefObject<HTMLHeadingElement | null> }) {
  const counted = countedFindings(r.findings);
  const meta = r.findings.filter((f) => f.area === 'metadata');
  const weights = r.findings.find((f) => f.area === 'weights');
  return (
    <>
      <section
        className={`diff-verdict diff-verdict-${r.verdict}`}
        data-testid="diff-verdict"
        data-classification={r.classification}
        data-verdict={r.verdict}
        aria-labelledby="diff-verdict-title"
      >
        <h2 id="diff-verdict-title" ref={verdictRef} tabIndex={-1}>
          {VERDICT[r.verdict]}
          {r.verdict === 'unverified'
            ? ' — the outputs could not be compared'
            : r.classification === 'none'
              ? ` — version stays ${r.fromVersion}`
              : ` — suggested version ${r.suggestedVersion}`}
        </h2>
        {r.verdict === 'unverified' ? (
          <p data-testid="diff-unverified">
            No sample ran on both models, so changed weights or operators went unchecked. The static comparison says{' '}
            {r.classification === 'none' ? 'no change' : `${r.classification} (suggested ${r.suggestedVersion})`}. Keep a run the model
            accepts as a golden sample in the Test step, then compare again.
            {r.samples?.hint ? <span className="muted"> {r.samples.hint}</span> : null}
          </p>
        ) : null}
        <p>
          {r.classification === 'none' ? 'Nothing a consumer of the older model would notice.' : `A ${r.bump} bump from ${r.fromVersion}.`}{' '}
          {r.newerVersionOk ? null : (
            <span data-testid="diff-version-warning">
              The newer model says {r.newer.version}: set its version to {r.suggestedVersion} or later.
            </span>
          )}
        </p>
      </section>
      <div className="diff-grid">
        <Card id="diff-io" title="Inputs and outputs" className="diff-wide">
          <div className="table-wrap">
            <table className="table diff-table" aria-labelledby="diff-io-title" data-testid="diff-io">
              <thead>
                <tr>
                  <th scope="col" className="diff-mark-col">
                    <span className="visually-hidden">Change</span>
                  </th>
                  <th scope="col">Older</th>
                  <th scope="col">Newer</th>
                  <th scope="col">What changed</th>
                </tr>
              </thead>
              <IoGroup title="Inputs" rows={r.io.inputs} />
              <IoGroup title="Outputs" rows={r.io.outputs} />
            </table>
          </div>
        </Card>
        <Card id="diff-opsets" title="Opsets">
          <table className="table diff-table" aria-labelledby="diff-opsets-title">
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Older</th>
                <th scope="col">Newer</th>
              </tr>
            </thead>
            <tbody>
              {r.opsets.map((o) => (
                <tr key={o.domain} data-changed={o.older !== o.newer}>
                  <th scope="row" className="mono">
                    {o.domain}
                  </th>
                  <td>{o.older ?? '—'}</td>
                  <td>{o.newer ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card id="diff-ops" title="Operators (changed counts)">
          {r.ops.length ? (
            <table className="table diff-table" aria-labelledby="diff-ops-title" data-testid="diff-ops">
              <thead>
                <tr>
                  <th scope="col">Op</th>
                  <th scope="col">Older</th>
                  <th scope="col">Newer</th>
                  <th scope="col">Δ</th>
                </tr>
              </thead>
              <tbody>
                {r.ops.map((o) => (
                  <tr key={o.op}>
                    <th scope="row" className="mono">
                      {o.op}
                    </th>
                    <td>{o.older}</td>
                    <td>{o.newer}</td>
                    <td className={o.newer > o.older ? 'diff-plus' : 'diff-minus'}>
                      {o.newer > o.older ? `+${o.newer - o.older}` : `−${o.older - o.newer}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Same operators.</p>
          )}
        </Card>
        <Card id="diff-size" title="Size">
          <table className="table diff-table" aria-labelledby="diff-size-title" data-testid="diff-size">
            <FigureHead last="Change" />
            <tbody>
              <FigureRow
                label="On disk"
                a={r.older.fileBytes + r.older.externalBytes}
                b={r.newer.fileBytes + r.newer.externalBytes}
                show={formatBytes}
              />
              <FigureRow label="Parameters" a={r.older.parameterCount} b={r.newer.parameterCount} show={formatCount} />
            </tbody>
          </table>
          <p className="small muted">Weights: {weights ? weights.message : 'identical'}.</p>
        </Card>
        {r.performance ? <TimingCard p={r.performance} /> : null}
        <Card id="diff-meta" title="Metadata" className="diff-wide">
          {meta.length ? (
            <ul className="diff-list" data-testid="diff-metadata">
              {meta.map((f, i) => (
                <li key={i}>
                  <span className="diff-mark" aria-hidden="true">
                    {f.change === 'added' ? '+' : f.change === 'removed' ? '−' : '~'}
                  </span>
                  <span className="mono">{f.subject.replace(/^metadata /, '')}</span> {f.change}
                  {f.before !== undefined || f.after !== undefined ? (
                    <span className="diff-values">
                      {f.before !== undefined ? <del>{f.before}</del> : null}
                      {f.before !== undefined && f.after !== undefined ? ' → ' : null}
                      {f.after !== undefined ? <ins>{f.after}</ins> : null}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Same metadata.</p>
          )}
        </Card>
        <Card id="diff-samples" title="Golden samples of the older model" className="diff-wide">
          {r.samples ? (
            <>
              <p className="small muted">
                {r.samples.source === 'bundle'
                  ? 'From its bundle'
                  : r.samples.source === 'given'
                    ? 'Its golden samples (from its bundle and the Test step)'
                    : 'One seeded random sample (the model has none kept)'}
                , run on both models; outputs compared within the bundle tolerances.
              </p>
              <table className="table diff-table" aria-labelledby="diff-samples-title" data-testid="diff-samples">
                <thead>
                  <tr>
                    <th scope="col">Sample</th>
                    <th scope="col">Result</th>
                    <th scope="col">Max |diff|</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {r.samples.results.map((s) => (
                    <tr key={s.name} data-sample-status={s.status}>
                      <th scope="row" className="mono">
                        {s.name}
                      </th>
                      <td>
                        <span
                          className={`badge diff-badge-${s.status === 'match' ? 'ok' : s.status === 'differ' ? 'compatible' : 'breaking'}`}
                        >
                          {SAMPLE_STATUS[s.status]}
                        </span>
                      </td>
                      <td className="mono">{s.maxAbsDiff !== undefined ? fmt(s.maxAbsDiff) : '—'}</td>
                      <td className="diff-detail">
                        {s.error
                          ? `${s.error.code}: ${s.error.message}`
                          : (s.detail ?? `${s.outputs.length} output${s.outputs.length === 1 ? '' : 's'} compared`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p className="muted">Not run.</p>
          )}
        </Card>
        <Card id="diff-why" title="Why" className="diff-wide">
          {counted.length ? (
            <ul className="diff-list" data-testid="diff-findings">
              {counted.map((f, i) => (
                <FindingItem key={i} f={f} />
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing a consumer of the older model would notice.</p>
          )}
        </Card>
      </div>
    </>
  );
}

const SAMPLE_STATUS = {
  match: 'match',
  differ: 'outputs differ',
  'older-failed': 'older failed',
  'newer-failed': 'newer failed',
  skipped: 'not run',
} as const;

function IoGroup({ title, rows }: { title: string; rows: IoRow[] }) {
  return (
    <tbody>
      <tr className="group-row">
        <th scope="rowgroup" colSpan={4}>
          {title} <span className="count">{rows.length}</span>
        </th>
      </tr>
      {rows.map((row, i) => (
        <tr key={i} data-io-status={row.status} className={`diff-row-${row.status}`}>
          <td className="diff-mark" aria-label={row.status}>
            {MARK[row.status]}
          </td>
          <td className="mono">{row.older ? `${row.older.name} ${entryText(row.older)}` : '—'}</td>
          <td className="mono">{row.newer ? `${row.newer.name} ${entryText(row.newer)}` : '—'}</td>
          <td>{row.status === 'same' ? <span className="muted">same</span> : row.notes.join('; ')}</td>
        </tr>
      ))}
    </tbody>
  );
}

function FigureRow({ label, a, b, show, testId }: { label: string; a: number; b: number; show: (v: number) => string; testId?: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      <td className="mono">{show(a)}</td>
      <td className="mono">{show(b)}</td>
      <td className="mono">{a === b ? '—' : pct(a, b)}</td>
    </tr>
  );
}

function FindingItem({ f }: { f: Finding }) {
  return (
    <li data-severity={f.severity}>
      <span className={`badge diff-badge-${f.severity}`}>{f.severity}</span> {f.message} <span className="muted">— {f.why}</span>
    </li>
  );
}

/**
 * Timings apart from the verdict: measured on this machine, they never count, and a difference is
 * named only beyond the spread of the runs themselves (timing-noise.ts).
 */
function TimingCard({ p }: { p: NonNullable<DiffReport['performance']> }) {
  const reading = readLatency(p.older, p.newer);
  const ms = (v: number) => `${v} ms`;
  return (
    <Card id="diff-timing" title="Timing on this machine">
      <table className="table diff-table" aria-labelledby="diff-timing-title" data-testid="diff-timing">
        <FigureHead last="Reading" />
        <tbody>
          <tr data-testid="diff-latency" data-reading={reading.kind}>
            <th scope="row">Latency p50</th>
            <td className="mono">{ms(p.older.p50)}</td>
            <td className="mono">{ms(p.newer.p50)}</td>
            <td className={reading.kind === 'noise' ? 'muted' : reading.kind === 'slower' ? 'diff-plus' : 'diff-minus'}>
              {readingText(reading)}
            </td>
          </tr>
          <tr>
            <th scope="row">Latency p90</th>
            <td className="mono">{ms(p.older.p90)}</td>
            <td className="mono">{ms(p.newer.p90)}</td>
            <td className="muted small">
              spread ±{Math.round(spreadOf(p.older) * 100)}% / ±{Math.round(spreadOf(p.newer) * 100)}%
            </td>
          </tr>
          <tr data-testid="diff-load">
            <th scope="row">Session load</th>
            <td className="mono">{ms(p.older.loadMs)}</td>
            <td className="mono">{ms(p.newer.loadMs)}</td>
            <td className="muted small">timed once each: not compared</td>
          </tr>
        </tbody>
      </table>
      <p className="small muted">Measured here on {p.inputs}; never part of the verdict. Compare again to re-time.</p>
    </Card>
  );
}

/** The head of a figure table: an unnamed figure column, older, newer, and what the pair reads as. */
function FigureHead({ last }: { last: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">
          <span className="visually-hidden">Figure</span>
        </th>
        <th scope="col">Older</th>
        <th scope="col">Newer</th>
        <th scope="col">{last}</th>
      </tr>
    </thead>
  );
}
