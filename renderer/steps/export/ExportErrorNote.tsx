import type { ErrorData } from '../../../shared/errors';
import { Icon } from '../../components/Icon';
import { CodeText } from './CodeText';

/** ErrorNote's look, with the message and hint's `commands` shown as code (Docker's hints name commands). */
export function ExportErrorNote({ error, testId }: { error: ErrorData; testId: string }) {
  return (
    <div className="error-note" data-testid={testId} data-error-code={error.code}>
      <Icon name="alert" size={16} className="error-note-icon" />
      <div className="error-note-body">
        <p>
          <code className="error-note-code">{error.code}</code>{' '}
          <span className="error-note-message">
            <CodeText text={error.message} />
          </span>
        </p>
        {error.hint ? (
          <p className="error-note-hint">
            <CodeText text={error.hint} />
          </p>
        ) : null}
      </div>
    </div>
  );
}
