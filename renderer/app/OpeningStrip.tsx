import { Spinner } from '../components/Spinner';
import { selectPending, useStudio } from '../store';
import { cancelOpening } from './commands';
import { UploadMeter } from './UploadMeter';

const cancel = () => {
  cancelOpening();
  // The button held focus and is gone: hand focus to the content rather than losing it to <body>.
  document.getElementById('main')?.focus();
};

/**
 * A model on its way in: its name, what is happening, upload progress and a Cancel. A slim strip
 * over a shown model (which stays visible), or a card in the Open step.
 */
export function OpeningStrip({ variant = 'strip' }: { variant?: 'strip' | 'card' }) {
  const pending = useStudio(selectPending);
  if (!pending) return null;
  const { upload } = pending;
  return (
    <div
      className={`opening-strip opening-strip-${variant}`}
      data-testid="opening-strip"
      data-upload-progress={upload ? upload.fraction.toFixed(4) : undefined}
    >
      {upload ? null : <Spinner size={variant === 'card' ? 36 : 16} />}
      <div className="opening-strip-body">
        {/* Only the phase is announced; the numbers change too often for a live region. */}
        <p role="status" aria-live="polite">
          Opening <strong className="mono">{pending.fileName || 'model'}</strong>
          <span className="opening-strip-detail">{pending.detail}</span>
        </p>
        {upload ? <UploadMeter upload={upload} /> : null}
      </div>
      {pending.cancellable ? (
        <button type="button" className="btn btn-sm" onClick={cancel} aria-keyshortcuts="Escape">
          Cancel
        </button>
      ) : null}
    </div>
  );
}
