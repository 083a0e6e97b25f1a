import type { ErrorData } from '../../shared/errors';
import { Icon } from './Icon';

/** An error beside what caused it: the stable code, the message, and what to do. */
export function ErrorNote({ error, id, testId = 'input-error' }: { error: ErrorData; id?: string; testId?: string }) {
  return (
    <div className="error-note" id={id} data-testid={testId} data-error-code={error.code}>
      <Icon name="alert" size={16} className="error-note-icon" />
      <div className="error-note-body">
        <p>
          <code className="error-note-code">{error.code}</code> <span className="error-note-message">{error.message}</span>
        </p>
        {error.hint ? <p className="error-note-hint">{error.hint}</p> : null}
      </div>
    </div>
  );
}
