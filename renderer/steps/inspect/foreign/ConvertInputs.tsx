import { useId } from 'react';
import { CONVERT_DTYPES, type ConvertDtype } from '../../../../shared/formats/convert-types';

/** One example input as edited: the shape stays text until it parses. */
export interface InputDraft {
  name: string;
  dtype: ConvertDtype;
  text: string;
}

/** "1x3x224x224" (or with ×, commas, spaces) → sizes; null when any size is not a positive whole number. */
export function parseShape(text: string): number[] | null {
  const parts = text.split(/[x×,\s]+/).filter(Boolean);
  const dims = parts.map(Number);
  return parts.length > 0 && dims.every((d) => Number.isInteger(d) && d > 0) ? dims : null;
}

export const draftsOk = (drafts: InputDraft[]): boolean =>
  drafts.every((d) => d.name.trim() !== '' && parseShape(d.text) !== null) && new Set(drafts.map((d) => d.name)).size === drafts.length;

/**
 * The example inputs a conversion traces with. Where the file keeps no shapes (TorchScript) the
 * user names them and may add more; elsewhere the reader's shapes are shown for editing.
 */
export function ConvertInputs({
  drafts,
  editable,
  onChange,
}: {
  drafts: InputDraft[];
  editable: boolean;
  onChange: (d: InputDraft[]) => void;
}) {
  const id = useId();
  const set = (i: number, patch: Partial<InputDraft>) => onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <fieldset className="convert-inputs">
      <legend className="small">{editable ? 'Example inputs (the file keeps no shapes: give them)' : 'Example inputs'}</legend>
      {drafts.map((d, i) => (
        <div key={i} className="convert-input-row" data-testid="convert-input">
          {editable ? (
            <input
              className="input mono"
              aria-label={`Input ${i + 1} name`}
              value={d.name}
              aria-invalid={d.name.trim() === ''}
              onChange={(e) => set(i, { name: e.target.value })}
            />
          ) : (
            <label htmlFor={`${id}-${i}`} className="mono small">
              {d.name}
            </label>
          )}
          <select
            className="input"
            aria-label={`Input ${i + 1} type`}
            value={d.dtype}
            disabled={!editable}
            onChange={(e) => set(i, { dtype: e.target.value as ConvertDtype })}
          >
            {CONVERT_DTYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <input
            id={`${id}-${i}`}
            className="input mono"
            aria-label={`Input ${i + 1} shape`}
            placeholder="1x3x224x224"
            value={d.text}
            aria-invalid={d.text !== '' && parseShape(d.text) === null}
            aria-describedby={`${id}-hint`}
            onChange={(e) => set(i, { text: e.target.value })}
          />
          {editable && drafts.length > 1 ? (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              aria-label={`Remove input ${i + 1}`}
              onClick={() => onChange(drafts.filter((_, j) => j !== i))}
            >
              ×
            </button>
          ) : null}
        </div>
      ))}
      <p id={`${id}-hint`} className="muted small">
        Shape as sizes joined by x, e.g. 1x3x224x224. The first dim is exported as dynamic (batch).
      </p>
      {editable ? (
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => onChange([...drafts, { name: `input_${drafts.length}`, dtype: 'float32', text: '' }])}
        >
          Add an input
        </button>
      ) : null}
    </fieldset>
  );
}
