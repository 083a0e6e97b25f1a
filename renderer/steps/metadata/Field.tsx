import { useStudio } from '../../store';
import type { MetaForm, TextField as TextKey } from './meta-form';

/** One labelled text field of the form; its schema message (if any) shows below and is announced. */
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
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
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
      {hint ? (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
