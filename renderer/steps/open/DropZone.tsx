import { Icon } from '../../components/Icon';
import { selectPending, useStudio } from '../../store';
import { OpeningStrip } from '../../app/OpeningStrip';
import { openPicker } from '../../app/picker';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function DropZone() {
  const pending = useStudio(selectPending);
  const web = useStudio((s) => s.connection !== null);
  if (pending) {
    return (
      <div className="dropzone dropzone-busy" data-testid="opening">
        <OpeningStrip variant="card" />
      </div>
    );
  }
  return (
    <div className="dropzone">
      <span className="dropzone-icon">
        <Icon name="upload" size={36} />
      </span>
      <p className="dropzone-title">Drop an .onnx model anywhere in this window</p>
      <p className="dropzone-sub">
        {web
          ? 'Weights in separate files (.data, .bin)? Choose or drop them together with the .onnx file.'
          : 'Include its external-data files (.data, .bin) if the weights live beside it.'}
      </p>
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
