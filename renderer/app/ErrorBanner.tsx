import { useEffect, useRef } from 'react';
import { Icon } from '../components/Icon';
import { selectError, useStudio } from '../store';

/** The last error, with its stable code and what to do; focus moves here so it is not missed. */
export function ErrorBanner() {
  const error = useStudio(selectError);
  const dismissError = useStudio((s) => s.dismissError);
  const dismiss = () => {
    dismissError();
    // The banner held focus; hand it to the content rather than losing it to <body>.
    document.getElementById('main')?.focus();
  };
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <div
      ref={ref}
      className="error-banner"
      role="alert"
      tabIndex={-1}
      data-testid="error-banner"
      data-error-code={error.code}
      onKeyDown={(e) => {
        if (e.key === 'Escape') dismiss();
      }}
    >
      <Icon name="alert" size={22} className="error-icon" />
      <div className="error-body">
        <p className="error-title">
          <code className="error-code">{error.code}</code>
          <span className="error-message">{error.message}</span>
        </p>
        {error.hint ? (
          <p className="error-hint">
            <strong>What to do: </strong>
            {error.hint}
          </p>
        ) : null}
      </div>
      <button type="button" className="btn btn-ghost btn-icon" aria-label="Dismiss error" onClick={dismiss}>
        <Icon name="close" />
      </button>
    </div>
  );
}
