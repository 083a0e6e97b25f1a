import { useShallow } from 'zustand/react/shallow';
import { inferInputKind } from '../../../shared/metadata/input-kind';
import { IO_KINDS, TASKS, type IoKind } from '../../../shared/metadata/schema';
import { formatShape } from '../../../shared/format';
import { guessTask } from '../../../shared/metadata/task-guess';
import { inferPreprocessing } from '../../../shared/preprocessing';
import { Card } from '../../components/Card';
import { useStudio } from '../../store';
import { Field } from './Field';
import { GuessNote } from './GuessNote';
import type { IssueTarget } from './issue-targets';
import { LabelsEditor } from './LabelsEditor';
import { labelList } from './meta-form';
import { PrepEditor } from './PrepEditor';

/** Common SPDX ids offered while typing; any SPDX expression is accepted. */
const LICENSES = [
  'Apache-2.0',
  'MIT',
  'BSD-3-Clause',
  'BSD-2-Clause',
  'GPL-3.0-only',
  'LGPL-3.0-only',
  'MPL-2.0',
  'CC-BY-4.0',
  'CC-BY-NC-4.0',
  'CC-BY-SA-4.0',
  'OpenRAIL',
  'Unlicense',
];

/** The task's guess for a model without a record: what was inferred and why, or "choose one". */
function TaskReason({ open }: { open: boolean }) {
  const summary = useStudio((s) => s.model?.summary);
  const source = useStudio((s) => s.loaded?.source);
  const labels = useStudio((s) => s.savedForm?.labels ?? '');
  if (!summary || source !== 'derived') return null;
  const g = guessTask(summary, labelList(labels).length);
  return (
    <GuessNote guessKey="task" open={open} id="meta-task-reason">
      {g.unknown ? (
        <>
          Task <strong>unknown</strong>: {g.reason.replace(/^unknown /, '')}
        </>
      ) : (
        <>
          Task inferred: <strong>{g.task}</strong> — {g.reason}
        </>
      )}
    </GuessNote>
  );
}

export function IdentityCard({ errors, guesses }: { errors: Record<string, string>; guesses: IssueTarget[] }) {
  const task = useStudio((s) => s.form?.task ?? 'other');
  const source = useStudio((s) => s.loaded?.source);
  const edit = useStudio((s) => s.editForm);
  return (
    <Card id="meta-identity" title="Identity">
      <div className="meta-grid">
        <Field field="name" label="Name" hint="Image and endpoint name: lowercase, digits, . _ -" error={errors.name} />
        <Field field="version" label="Version" hint="Semantic version, e.g. 1.0.0" error={errors.version} />
        <Field field="title" label="Title" error={errors.title} />
        <Field
          field="license"
          label="Licence"
          hint="SPDX expression, e.g. Apache-2.0 or MIT OR Apache-2.0"
          error={errors.license}
          list="spdx-ids"
        />
        <datalist id="spdx-ids">
          {LICENSES.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <Field field="tags" label="Tags" hint="Comma-separated" error={errors.tags} />
        <div className="field meta-field">
          <label className="field-label" htmlFor="meta-task">
            Task
          </label>
          <select
            id="meta-task"
            className="input"
            aria-describedby={source === 'derived' ? 'meta-task-reason' : undefined}
            value={task}
            onChange={(e) => edit('task', { task: e.currentTarget.value as (typeof TASKS)[number] })}
          >
            {TASKS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TaskReason open={guesses.some((g) => g.key === 'task')} />
      <Field
        field="authors"
        label="Authors"
        hint="One per line, e.g. Ada Lovelace <ada@example.org>"
        multiline
        rows={2}
        error={errors.authors}
      />
      <Field field="description" label="Description" multiline rows={4} error={errors.description} />
    </Card>
  );
}

export function IoCard({ errors, guesses }: { errors: Record<string, string>; guesses: IssueTarget[] }) {
  const graph = useStudio((s) => s.model?.summary.graph);
  const base = useStudio((s) => s.form?.base);
  const io = useStudio(useShallow((s) => s.form?.io ?? {}));
  const edit = useStudio((s) => s.editForm);
  if (!graph || !base) return null;
  const rows = [...graph.inputs.map((v) => ({ v, dir: 'in' })), ...graph.outputs.map((v) => ({ v, dir: 'out' }))];
  return (
    <Card id="meta-io" title="Inputs and outputs">
      <div className="meta-io">
        {rows.map(({ v, dir }) => {
          const d = io[v.name] ?? { description: '', kind: 'tensor' as const };
          const set = (patch: Partial<typeof d>) => edit(`io:${v.name}`, { io: { ...io, [v.name]: { ...d, ...patch } } });
          // Turning an input into an image starts it on the default preprocessing for its shape.
          const setKind = (kind: IoKind) => {
            const own = base.inputs[v.name];
            const spec = dir === 'in' && kind === 'image' && own && !own.preprocessing ? inferPreprocessing(v) : null;
            const patch = spec ? { base: { ...base, inputs: { ...base.inputs, [v.name]: { ...own!, preprocessing: spec } } } } : {};
            edit(`io:${v.name}`, { io: { ...io, [v.name]: { ...d, kind } }, ...patch });
          };
          const guess = dir === 'in' ? inferInputKind(v, graph.inputs) : null;
          const err = errors[`io:${v.name}`];
          return (
            <div key={`${dir}:${v.name}`} className="meta-io-row">
              <div className="meta-io-head">
                <span className="badge badge-muted">{dir}</span>
                <span className="mono">{v.name}</span>
                <span className="mono muted small">
                  {v.type.elemType ?? v.type.kind} {formatShape(v.type.shape)}
                </span>
              </div>
              <select
                aria-label={`Kind of ${v.name}`}
                className="input"
                value={d.kind}
                onChange={(e) => setKind(e.currentTarget.value as IoKind)}
              >
                {IO_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
              <input
                id={`meta-io-${v.name}`}
                aria-label={`Description of ${v.name}`}
                className="input"
                placeholder="What it holds, units, ranges"
                value={d.description}
                onChange={(e) => set({ description: e.currentTarget.value })}
              />
              {guess ? (
                <div className="meta-kind-reason small" data-testid={`kind-reason-${v.name}`} data-inferred-kind={guess.kind}>
                  <span className="muted">{d.kind === guess.kind ? 'Kind inferred' : 'Inferred'}:</span> <strong>{guess.kind}</strong>{' '}
                  <span className="muted">— {guess.reason}</span>
                  {d.kind !== guess.kind ? <span className="muted"> (set to {d.kind} here)</span> : null}
                </div>
              ) : null}
              {dir === 'in' && d.kind === 'image' ? (
                <PrepEditor name={v.name} guessOpen={guesses.some((g) => g.key === `prep:${v.name}`)} />
              ) : null}
              {err ? (
                <span className="field-error" role="alert">
                  {err}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
    </Card>
  );
}

export function DetailsCard({ errors }: { errors: Record<string, string> }) {
  const hasProfile = useStudio((s) => s.profile.result !== null || s.form?.base.performance !== undefined);
  const usePerf = useStudio((s) => s.form?.usePerformance ?? false);
  const edit = useStudio((s) => s.editForm);
  return (
    <Card id="meta-details" title="Labels, provenance and use">
      <LabelsEditor error={errors.labels} />
      <div className="meta-grid">
        <Field field="sourceRepository" label="Source repository" placeholder="https://…" error={errors.sourceRepository} />
        <Field field="revision" label="Revision" placeholder="commit or tag" error={errors.revision} />
        <Field field="framework" label="Framework" error={errors.framework} />
        <Field field="frameworkVersion" label="Framework version" error={errors.frameworkVersion} />
      </div>
      <Field
        field="trainingData"
        label="Training data"
        hint="Datasets, one per line (names, URLs, DOIs)"
        multiline
        rows={2}
        error={errors.trainingData}
      />
      <Field field="intendedUse" label="Intended use" multiline rows={3} error={errors.intendedUse} />
      <Field field="limitations" label="Limitations" multiline rows={3} error={errors.limitations} />
      <label className="check">
        <input
          type="checkbox"
          checked={usePerf}
          disabled={!hasProfile}
          onChange={(e) => edit('usePerformance', { usePerformance: e.currentTarget.checked })}
        />
        Include the latency profile {hasProfile ? '(from the Test step)' : '— run a profile in the Test step first'}
      </label>
    </Card>
  );
}
