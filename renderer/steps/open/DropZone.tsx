import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { selectPending, useStudio } from '../../store';
import { openPicker } from '../../app/picker';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function DropZone() {
  const pending = useStudio(selectPending);
  if (pending) {
    return (
      <div className="dropzone dropzone-busy" role="status" aria-live="polite" data-testid="opening">
        <Spinner size={36} />
        <p className="dropzone-title">
          Opening <span className="mono">{pending.fileName || 'model'}</span>
        </p>
        <p className="dropzone-sub">{pending.detail}</p>
      </div>
    );
  }
  return (
    <div className="dropzone">
      <span className="dropzone-icon">
        <Icon name="upload" size={36} />
      </span>
      <p className="dropzone-title">Drop an .onnx model anywhere in this window</p>
      <p className="dropzone-sub">Include its external-data files (.data, .bin) if the weights live beside it.</p>
      <div className="dropzone-actions">
        <button type="button" className="btn btn-primary" onClick={openPicker} aria-keyshortcuts={isMac ? 'Meta+O' : 'Control+O'}>
          <Icon name="folder" />
          Open model…
        </button>
        <span className="dropzone-kbd">
          or press <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd> <kbd>O</kbd>
        </span>
      </div>
    </div>
  );
}
