import { Spinner } from '../../components/Spinner';
import type { InputDraft } from '../../store/test-types';
import { FileDrop } from './FileDrop';
import { ImagePreview } from './ImagePreview';
import { PreprocessForm } from './PreprocessForm';
import { convertImage, loadImage } from './test-commands';

/** A picture for an image-like input: decoded and resized by the studio, previewed as the model sees it. */
export function ImageTab({ name, idBase, draft }: { name: string; idBase: string; draft: InputDraft }) {
  const img = draft.image;
  return (
    <div className="image-tab" data-image-busy={img.busy ? 'true' : 'false'}>
      <div className="image-top">
        <FileDrop
          label="Choose picture…"
          accept="image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"
          hint="Drop a PNG or JPEG here"
          testId={`image-drop-${name}`}
          onFile={(f) => void loadImage(name, f)}
        >
          {img.fileName ? (
            <p className="image-source">
              <span className="mono file-name">{img.fileName}</span>
              {img.result ? (
                <span className="muted">
                  {' '}
                  · {img.result.picture.width} × {img.result.picture.height} {img.result.picture.format.toUpperCase()}
                </span>
              ) : null}
              {img.busy ? (
                <span className="image-busy" role="status">
                  <Spinner size={14} /> converting…
                </span>
              ) : null}
            </p>
          ) : null}
        </FileDrop>
        {img.result ? (
          <ImagePreview tensor={img.result.tensor} spec={img.result.spec} />
        ) : (
          <div className="image-placeholder muted small" aria-hidden="true">
            The model&apos;s view of the picture appears here
          </div>
        )}
      </div>
      {img.spec ? <PreprocessForm idBase={idBase} spec={img.spec} onChange={(spec) => void convertImage(name, spec)} /> : null}
    </div>
  );
}
