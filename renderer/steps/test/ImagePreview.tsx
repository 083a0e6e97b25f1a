import { useEffect, useMemo, useRef } from 'react';
import { previewPixels } from '../../../shared/preprocess-pixels';
import type { PreprocessingSpec } from '../../../shared/preprocessing';
import { wireToTensor } from '../../../shared/tensor-json';
import type { JsonTensor } from '../../../shared/tensors';

/**
 * The tensor the model will get, turned back into a picture (std, mean and scale undone): what the
 * model "sees" after resizing and cropping, which is what a wrong spec gets wrong.
 */
export function ImagePreview({ tensor, spec }: { tensor: JsonTensor; spec: PreprocessingSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const px = useMemo(() => {
    try {
      return previewPixels(wireToTensor(tensor, 'The preview'), spec);
    } catch {
      return null; // a spec edited after the conversion; the next conversion brings a matching one
    }
  }, [tensor, spec]);
  useEffect(() => {
    const el = canvas.current;
    if (!el || !px) return;
    el.width = px.width;
    el.height = px.height;
    el.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(px.data), px.width, px.height), 0, 0);
  }, [px]);
  if (!px) return null;
  // Fitted into a 160 px box; small inputs are scaled up whole with hard pixel edges, not blurred.
  const fit = 160 / Math.max(px.width, px.height);
  const scale = fit >= 1 ? Math.floor(fit) : fit;
  return (
    <figure className="image-preview" data-testid="image-preview">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`The preprocessed input as a picture, ${px.width} × ${px.height}`}
        style={{ width: px.width * scale, height: px.height * scale, imageRendering: scale >= 2 ? 'pixelated' : 'auto' }}
      />
      <figcaption className="muted small">
        Model input, {px.width} × {px.height}
      </figcaption>
    </figure>
  );
}
