import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { formatLatency } from '../../format/numbers';
import { useStudio } from '../../store';
import { cancelPrediction, runPrediction } from './test-commands';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Run (Ctrl/Cmd+Enter), a spinner while it runs, and Cancel so the page never waits on a slow model. */
export function RunBar() {
  const run = useStudio((s) => s.run);
  const running = run.state === 'running';
  const status = running
    ? 'Running…'
    : run.state === 'error' && run.error
      ? `Failed: ${run.error.code}`
      : run.state === 'done' && run.result
        ? `Ran in ${formatLatency(run.result.ms)} · session.run ${formatLatency(run.result.runMs)}`
        : '';
  return (
    <div className="run-bar">
      <button
        type="button"
        className="btn btn-primary btn-run"
        onClick={() => void runPrediction()}
        disabled={running}
        aria-keyshortcuts={isMac ? 'Meta+Enter' : 'Control+Enter'}
      >
        {running ? <Spinner size={16} /> : <Icon name="play" size={16} />}
        {running ? 'Running…' : 'Run'}
      </button>
      {running ? (
        <button type="button" className="btn" onClick={cancelPrediction}>
          Cancel
        </button>
      ) : (
        <span className="run-kbd muted small">
          <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd> <kbd>Enter</kbd>
        </span>
      )}
      <span className={run.state === 'error' ? 'run-status run-status-error' : 'run-status'} role="status" data-testid="run-status">
        {status}
      </span>
    </div>
  );
}
