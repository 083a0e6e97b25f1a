import { useShallow } from 'zustand/react/shallow';
import { inferInputKind } from '../../../shared/metadata/input-kind';
import { IO_KINDS, TASKS, type IoKind } from '../../../shared/metadata/schema';
import { formatShape } from '../../../shared/format';
import { inferPreprocessing, type PreprocessingSpec } from '../../../shared/preprocessing';
import { Card } from '../../components/Card';
import { useStudio } from '../../store';
import { Field } from './Field';

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

export function IdentityCard({ errors }: { errors: Record<string, string> }) {
  const task = useStudio((s) => s.form?.task ?? 'other');
  const edit = useStudio((s) => s.editForm);
  return (
    <Card id="meta-identity" title="Identity">
      <div className="meta-grid">
        <Field field="name" label="Name" hint="Image and endpoint name: lowercase, digits, . _ -" error={errors.name} />
        <Field field="version" label="Version" hint="Semantic version, e.g. 1.0.0" error={errors.version} />
        <Field field="title" label="Title" error={errors.title} />
        <div className="field meta-field">
          <label className="field-label" htmlFor="meta-task">
            Task
          </label>
          <select
            id="meta-task"
            className="input"
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
      </div>
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

/** One line for a preprocessing spec, as the card words it. */
function specText(p: PreprocessingSpec): string {
  const parts = [];
  if (p.resize) parts.push(p.resize.mode === 'shorter' ? `shorter side ${p.resize.size}` : `${p.resize.width}×${p.resize.height}`);
  if (p.centerCrop) parts.push(`crop ${p.centerCrop.width}×${p.centerCrop.height}`);
  parts.push(
    p.channelOrder,
    p.batch ? p.layout : p.layout.slice(1),
    `×${Number(p.scale.toPrecision(4))}`,
    `mean [${p.mean.join(', ')}]`,
    `std [${p.std.join(', ')}]`,
    p.dtype,
  );
  return parts.join(' · ');
}

/** The picture preprocessing kept with an image input; the Test step's form (once a picture ran) can replace it. */
function Preprocessing({ name }: { name: string }) {
  const form = useStudio((s) => s.form);
  const tested = useStudio((s) => s.drafts[name]?.image.result?.spec ?? null);
  const edit = useStudio((s) => s.editForm);
  if (!form) return null;
  const d = form.base.inputs[name];
  if (!d) return null;
  const same = tested !== null && JSON.stringify(tested) === JSON.stringify(d.preprocessing);
  return (
    <div className="meta-prep small" data-testid={`prep-${name}`}>
      <span className="muted">Preprocessing:</span> <span className="mono">{d.preprocessing ? specText(d.preprocessing) : 'none'}</span>{' '}
      {tested && !same ? (
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() =>
            edit(`prep:${name}`, { base: { ...form.base, inputs: { ...form.base.inputs, [name]: { ...d, preprocessing: tested } } } })
          }
        >
          Use the Test step's
        </button>
      ) : null}
    </div>
  );
}

export function IoCard({ errors }: { errors: Record<string, string> }) {
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
              {dir === 'in' && d.kind === 'image' ? <Preprocessing name={v.name} /> : null}
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
      <Field field="labels" label="Class labels" hint="One per line, in class-index order" multiline rows={4} error={errors.labels} />
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
