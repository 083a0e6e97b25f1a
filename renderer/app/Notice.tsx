import { useEffect } from 'react';
import { selectNotice, useStudio } from '../store';

const SHOW_MS = 4000;

/** A passing word that is not an error ("Upload cancelled"); the live region stays mounted so it is announced. */
export function Notice() {
  const notice = useStudio(selectNotice);
  const clearNotice = useStudio((s) => s.clearNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(clearNotice, SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice, clearNotice]);
  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice ? (
        <p className="notice" data-testid="notice">
          {notice}
        </p>
      ) : null}
    </div>
  );
}
