import type { ReactNode } from 'react';
import { useStudio } from '../../store';

/**
 * Why a value was guessed, under its field. While the guess is open it carries a "Guess" badge and a
 * Confirm button; changing the value or confirming it closes the guess (undo reopens it).
 */
export function GuessNote({ guessKey, open, id, children }: { guessKey: string; open: boolean; id?: string; children: ReactNode }) {
  const edit = useStudio((s) => s.editForm);
  const confirmed = useStudio((s) => s.form?.confirmed ?? []);
  return (
    <div className="meta-guess small" id={id} data-testid={`guess-${guessKey}`} data-guess={open ? 'open' : 'settled'}>
      {open ? <span className="badge badge-guess">Guess</span> : null}
      <span className="meta-guess-text">{children}</span>
      {open ? (
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => edit(`confirm:${guessKey}`, { confirmed: [...confirmed, guessKey] })}
        >
          Confirm
        </button>
      ) : null}
    </div>
  );
}
