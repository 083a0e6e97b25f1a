import type { InputHTMLAttributes, ReactNode } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'aria-describedby' | 'aria-invalid'> & {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Monospace: references, tags, names a machine reads. */
  mono?: boolean;
  hint?: ReactNode;
  /** Shown in the hint's place (and marks the input invalid) while set. */
  error?: string | null;
};

/** A labelled text field; the label's `for` is the input's id, so getByLabel and screen readers find it by its label. */
export function TextInput({ id, label, value, onChange, mono, hint, error, className, ...rest }: Props) {
  const note = error ?? hint;
  const noteId = `${id}-hint`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        {...rest}
        id={id}
        className={['input', mono && 'mono', className].filter(Boolean).join(' ')}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? noteId : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {note ? (
        <span className={error ? 'field-error' : 'field-hint'} id={noteId}>
          {note}
        </span>
      ) : null}
    </div>
  );
}
