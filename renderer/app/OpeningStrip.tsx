import { Spinner } from '../components/Spinner';
import { selectPending, useStudio } from '../store';

/** While a new model opens over a shown one: a slim status line instead of hiding the old model. */
export function OpeningStrip() {
  const pending = useStudio(selectPending);
  if (!pending) return null;
  return (
    <div className="opening-strip" role="status" aria-live="polite">
      <Spinner size={16} />
      <span>
        Opening <strong>{pending.fileName || 'model'}</strong> — {pending.detail}
      </span>
    </div>
  );
}
