import { useEffect, useState } from 'react';

/**
 * A number field that lets the text be empty or half-typed ("0.", "-") while editing, and hands on
 * only numbers that parse; outside changes to the value show up in the field.
 */
export function NumField({
  id,
  label,
  value,
  onCommit,
  min,
  step = 'any',
  integer = false,
  className = 'input input-num',
}: {
  id: string;
  label?: string;
  value: number;
  onCommit: (n: number) => void;
  min?: number;
  step?: number | 'any';
  integer?: boolean;
  className?: string;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : String(value)));
  }, [value]);
  return (
    <input
      id={id}
      className={className}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      min={min}
      step={step}
      value={text}
      aria-label={label}
      onChange={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        const n = Number(t);
        if (t.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || (min !== undefined && n < min)) return;
        onCommit(n);
      }}
      onBlur={() => setText(String(value))}
    />
  );
}
