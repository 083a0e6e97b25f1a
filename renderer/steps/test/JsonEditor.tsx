import { Icon } from '../../components/Icon';
import { countOf } from '../../format/numbers';
import type { JsonTensor } from '../../../shared/tensors';

/**
 * The JSON form (docs/architecture.md §The JSON form of tensors), one input at a time: {"type",
 * "shape", "data"}, data flat and row-major. Checked as it is typed (by the caller, with the shared
 * codec); the outcome is announced politely.
 */
export function JsonEditor({
  name,
  text,
  ok,
  describedBy,
  invalid,
  onChange,
  onTemplate,
}: {
  name: string;
  text: string;
  /** The decoded tensor when the text is valid. */
  ok: JsonTensor | null;
  describedBy: string;
  invalid: boolean;
  onChange: (text: string) => void;
  onTemplate: () => void;
}) {
  const id = `json-${name.replace(/[^\w-]/g, '_')}`;
  return (
    <div className="json-editor">
      <label className="field-label" htmlFor={id}>
        Tensor as JSON <span className="muted">— {'{"type", "shape", "data"}'}, data flat and row-major</span>
      </label>
      <textarea
        id={id}
        className="json-text mono"
        value={text}
        spellCheck={false}
        rows={Math.min(10, Math.max(3, Math.ceil(text.length / 90)))}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      <div className="json-foot">
        {ok ? (
          <span className="json-ok" data-testid="json-ok">
            <Icon name="check" size={15} />
            {ok.type ?? 'typed by the model'} [{ok.shape.join(', ')}] · {countOf(ok.data.length, 'value')}
          </span>
        ) : (
          <span />
        )}
        <button type="button" className="btn btn-ghost btn-sm" onClick={onTemplate}>
          Reset to zeros
        </button>
      </div>
    </div>
  );
}
