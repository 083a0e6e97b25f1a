import { countOf } from '../../format/numbers';
import { useStudio } from '../../store';
import type { InputDraft } from '../../store/test-types';
import { FileDrop } from './FileDrop';
import { loadTensorFile } from './test-commands';

/** A .npy (numpy.save) or ONNX TensorProto (.pb, as in ONNX test-data folders), read in the page. */
export function FileTab({ name, draft }: { name: string; draft: InputDraft }) {
  const updateDraft = useStudio((s) => s.updateDraft);
  const f = draft.file;
  return (
    <FileDrop
      label="Choose file…"
      accept=".npy,.pb"
      hint="Drop a NumPy .npy or ONNX TensorProto .pb file here"
      testId={`file-drop-${name}`}
      onFile={(file) => void loadTensorFile(name, file)}
    >
      {f ? (
        <div className="file-loaded" data-testid="file-loaded">
          <span className="mono file-name">{f.name}</span>
          <span className="badge badge-accent">{f.tensor.type}</span>
          <span className="mono muted">[{f.tensor.shape.join(', ')}]</span>
          <span className="muted">{countOf(f.tensor.data.length, 'value')}</span>
          <button
            type="button"
            className="btn btn-ghost btn-sm file-clear"
            onClick={() => updateDraft(name, { file: null, fileError: null })}
          >
            Clear
          </button>
        </div>
      ) : null}
    </FileDrop>
  );
}
