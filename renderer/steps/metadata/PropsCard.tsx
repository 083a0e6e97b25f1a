// The model's own metadata_props keys: a small key/value table with add and remove. The keys the
// studio writes (its record and the mirrors of authors, licence and labels) are listed read-only
// below it, with the format the labels mirror is written in.
import { useShallow } from 'zustand/react/shallow';
import { LABEL_FORMATS, labelsFormatOf, METADATA_KEY, MIRRORED_KEYS, type LabelsFormat } from '../../../shared/metadata/onnx-props';
import { Card } from '../../components/Card';
import { useStudio } from '../../store';
import { shortValue } from './meta-diff';
import type { PropRow } from './meta-form';

const MIRRORS: Record<string, string> = {
  [METADATA_KEY]: 'the whole record',
  model_author: 'mirrors Authors',
  model_license: 'mirrors Licence',
  labels: 'mirrors Class labels',
};
const FORMAT_NAMES: Record<LabelsFormat, string> = { json: 'JSON array', comma: 'comma list', lines: 'one per line' };

export function PropsCard({ errors }: { errors: Record<number, string> }) {
  const rows = useStudio(useShallow((s) => s.form?.props ?? []));
  const labelsFormat = useStudio((s) => s.form?.labelsFormat ?? null);
  const fileProps = useStudio((s) => s.model?.summary.metadata);
  const edit = useStudio((s) => s.editForm);
  if (!fileProps) return null;
  const setRows = (next: PropRow[], field = 'props') => edit(field, { props: next });
  const fileLabels = fileProps.labels;
  const current = fileLabels === undefined ? null : labelsFormatOf(fileLabels).format;
  const owned = [METADATA_KEY, ...MIRRORED_KEYS].filter((k) => k in fileProps);
  return (
    <Card id="meta-props" title="Custom metadata keys">
      <p className="muted small">The model's own metadata_props entries, written as they are beside the studio's record.</p>
      <div className="table-wrap">
        <table className="table meta-props" aria-label="Custom metadata keys">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-prop-row={i}>
                <td>
                  <input
                    id={`meta-prop-key-${i}`}
                    className="input mono"
                    aria-label={`Key ${i + 1}`}
                    value={r.key}
                    aria-invalid={errors[i] ? true : undefined}
                    aria-describedby={errors[i] ? `meta-prop-error-${i}` : undefined}
                    onChange={(e) =>
                      setRows(
                        rows.map((x, j) => (j === i ? { ...x, key: e.currentTarget.value } : x)),
                        `prop-key:${i}`,
                      )
                    }
                  />
                  {errors[i] ? (
                    <span id={`meta-prop-error-${i}`} className="field-error" role="alert">
                      {errors[i]}
                    </span>
                  ) : null}
                </td>
                <td>
                  <input
                    className="input mono"
                    aria-label={`Value of ${r.key || `key ${i + 1}`}`}
                    value={r.value}
                    onChange={(e) =>
                      setRows(
                        rows.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)),
                        `prop-value:${i}`,
                      )
                    }
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    aria-label={`Remove ${r.key || `key ${i + 1}`}`}
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="btn btn-sm" onClick={() => setRows([...rows, { key: '', value: '' }])}>
        Add key
      </button>
      {owned.length ? (
        <div className="table-wrap">
          <table className="table meta-props meta-props-owned" aria-label="Keys the studio writes">
            <tbody>
              {owned.map((k) => (
                <tr key={k} data-owned-key={k}>
                  <td className="mono">{k}</td>
                  <td className="mono muted">{shortValue(fileProps[k] ?? null, 48)}</td>
                  <td className="small muted">
                    <span className="badge badge-muted">{k === METADATA_KEY ? 'studio' : 'mirrored'}</span> {MIRRORS[k]}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="field meta-field meta-props-format">
        <label className="field-label" htmlFor="meta-labels-format">
          Labels key format
        </label>
        <select
          id="meta-labels-format"
          className="input"
          value={labelsFormat ?? ''}
          onChange={(e) => edit('labelsFormat', { labelsFormat: (e.currentTarget.value || null) as LabelsFormat | null })}
        >
          <option value="">{current ? `As in the model (${FORMAT_NAMES[current]})` : 'JSON array (default)'}</option>
          {LABEL_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_NAMES[f]}
            </option>
          ))}
        </select>
      </div>
    </Card>
  );
}
