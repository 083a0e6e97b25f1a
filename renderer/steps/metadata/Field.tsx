import { useStudio } from '../../store';
import type { MetaForm, TextField as TextKey } from './meta-form';

/** One labelled text field of the form; its schema message (if any) shows below in place of the hint, and is announced. */
export function Field({
  field,
  label,
  hint,
  error,
  multiline,
  rows,
  placeholder,
  list,
}: {
  field: TextKey;
  label: string;
  hint?: string;
  error?: string;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  list?: string;
}) {
  const value = useStudio((s) => (s.form ? (s.form[field] as string) : ''));
  const edit = useStudio((s) => s.editForm);
  const id = `meta-${field}`;
  // The error takes the hint's place (it says the same, sharper), so the field does not grow twice.
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const common = {
    id,
    value,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
    onChange: (e: { currentTarget: { value: string } }) => edit(field, { [field]: e.currentTarget.value } as Partial<MetaForm>),
  };
  return (
    <div className={error ? 'field meta-field field-bad' : 'field meta-field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea className="input textarea" rows={rows ?? 3} {...common} />
      ) : (
        <input className="input" list={list} {...common} />
      )}
      {error ? (
        <span id={`${id}-error`} className="field-note field-error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="field-note field-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
