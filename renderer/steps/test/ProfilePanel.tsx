import { useShallow } from 'zustand/react/shallow';
import { useJobProgress } from '../../app/jobs';
import { Card } from '../../components/Card';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { exact, formatLatency } from '../../format/numbers';
import { useStudio } from '../../store';
import type { ProfileForm } from '../../store/test-types';
import { ErrorNote } from '../../components/ErrorNote';
import { batchRule, checkBatchSizes } from './batch-sizes';
import { LatencyChart } from './LatencyChart';
import { cancelProfile, startProfile } from './test-commands';

const FIELDS: Array<{ key: keyof ProfileForm; label: string; hint: string }> = [
  { key: 'runs', label: 'Runs', hint: 'timed, per batch' },
  { key: 'warmup', label: 'Warm-up', hint: 'untimed runs first' },
  { key: 'batchSizes', label: 'Batch sizes', hint: 'e.g. 1, 8' },
];

/** model.profile as a job: progress from job events, Cancel through job.cancel, percentiles per batch. */
export function ProfilePanel() {
  const p = useStudio(useShallow((s) => s.profile));
  const setForm = useStudio((s) => s.setProfileForm);
  const job = useJobProgress(p.jobId);
  const busy = p.state === 'starting' || p.state === 'running';
  const pct = job.total ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0;
  const label = p.state === 'cancelled' ? 'Cancelled' : p.state === 'starting' || !job.label ? 'Starting…' : job.label;
  const r = p.result;
  const inputs = useStudio((s) => s.model?.summary.graph.inputs);
  const rule = batchRule(inputs ?? []);
  // Checked as typed: a size the model cannot take is refused here, before any job starts.
  const batchError = checkBatchSizes(p.form.batchSizes, rule).error;
  const hintOf = (key: keyof ProfileForm) => (key === 'batchSizes' ? `Accepts ${rule.accepts}` : FIELDS.find((f) => f.key === key)!.hint);
  return (
    <Card id="profile" title="Latency profile" className="profile-card">
      <div data-profile-state={p.state}>
        <form
          className="profile-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (batchError) document.getElementById('profile-batchSizes')?.focus();
            else void startProfile();
          }}
        >
          {FIELDS.map((f) => (
            <div key={f.key} className={f.key === 'batchSizes' ? 'field profile-batch' : 'field'}>
              <label className="field-label" htmlFor={`profile-${f.key}`}>
                {f.label}
              </label>
              <input
                id={`profile-${f.key}`}
                className={f.key === 'batchSizes' ? 'input input-batch mono' : 'input input-num'}
                inputMode={f.key === 'batchSizes' ? 'text' : 'numeric'}
                value={p.form[f.key]}
                disabled={busy}
                aria-describedby={`profile-${f.key}-hint`}
                aria-invalid={f.key === 'batchSizes' && batchError ? true : undefined}
                onChange={(e) => setForm({ [f.key]: e.currentTarget.value })}
              />
              {f.key === 'batchSizes' && batchError ? (
                <span id={`profile-${f.key}-hint`} className="field-error" data-testid="batch-error">
                  {batchError}
                </span>
              ) : (
                <span id={`profile-${f.key}-hint`} className="field-hint" data-testid={`profile-${f.key}-hint`}>
                  {hintOf(f.key)}
                </span>
              )}
            </div>
          ))}
          <div className="profile-actions">
            {busy ? (
              <button type="button" className="btn" onClick={() => void cancelProfile()} disabled={p.state !== 'running'}>
                Cancel
              </button>
            ) : (
              <button type="submit" className="btn btn-primary" aria-disabled={batchError ? true : undefined}>
                <Icon name="gauge" size={17} />
                Profile
              </button>
            )}
          </div>
        </form>
        {busy || p.state === 'cancelled' ? (
          <div className="profile-progress">
            <div
              className="upload-bar"
              role="progressbar"
              aria-label="Profile progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={pct}
            >
              <span className="upload-bar-fill" style={{ width: `${pct}%` }} />
            </div>
            <p className="muted small" role="status">
              {busy ? <Spinner size={12} /> : null} {label}
              {job.total ? ` · ${exact(job.done)} / ${exact(job.total)}` : ''}
            </p>
          </div>
        ) : null}
        {p.state === 'error' && p.error ? <ErrorNote error={p.error} testId="profile-error" /> : null}
        {r ? (
          <div className="profile-result" data-testid="profile-result">
            <dl className="stats">
              <div>
                <dt>session load</dt>
                <dd className="mono">{formatLatency(r.loadMs)}</dd>
              </div>
              <div>
                <dt>peak RSS</dt>
                <dd className="mono">{exact(Math.round(r.peakRssMB))} MB</dd>
              </div>
            </dl>
            <div className="table-wrap">
              <table className="table profile-table" aria-label="Latency by batch size">
                <thead>
                  <tr>
                    <th scope="col">Batch</th>
                    <th scope="col" className="num">
                      p50
                    </th>
                    <th scope="col" className="num">
                      p90
                    </th>
                    <th scope="col" className="num">
                      p99
                    </th>
                    <th scope="col" className="num">
                      runs/s
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.batches.map((b) => (
                    <tr key={b.batch} data-batch={b.batch}>
                      <th scope="row" className="mono">
                        {b.batch}
                      </th>
                      <td className="num mono" data-stat="p50">
                        {formatLatency(b.p50)}
                      </td>
                      <td className="num mono" data-stat="p90">
                        {formatLatency(b.p90)}
                      </td>
                      <td className="num mono" data-stat="p99">
                        {formatLatency(b.p99)}
                      </td>
                      <td className="num mono" data-stat="runsPerSec">
                        {exact(b.runsPerSec)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LatencyChart batches={r.batches} />
            <p className="muted small">
              {r.batches[0]?.runs} runs after {r.batches[0]?.warmup} warm-up{r.batchDim ? `; batch size sets "${r.batchDim}"` : ''}. Timed
              inside the runtime process.
            </p>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
