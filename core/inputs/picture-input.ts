// input.fromPicture: a picture the user dropped in the Test step → the tensor for one image input.
// Decoding and resizing happen here (sharp), the pixel math in shared/ (the same as the CLI's), so
// the GUI feeds the model exactly what `modelcrate predict --inputs x=photo.jpg` would.
import type { PictureInputResult } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ModelSummary } from '../../shared/model-summary';
import { pixelsToTensor } from '../../shared/preprocess-pixels';
import { inferPreprocessing, type PreprocessingSpec } from '../../shared/preprocessing';
import { tensorToJson } from '../../shared/tensor-json';
import { checkInputNames } from '../../shared/validate-inputs';
import { decodePicture } from './picture';

export interface PictureInputRequest {
  input: string;
  bytes: Uint8Array;
  preprocessing?: PreprocessingSpec;
}

export async function pictureInput(summary: ModelSummary, req: PictureInputRequest): Promise<PictureInputResult> {
  const inputs = summary.graph.inputs;
  const input = inputs.find((i) => i.name === req.input);
  if (!input) checkInputNames([req.input], inputs); // throws INPUT_UNKNOWN listing the real names
  const spec = req.preprocessing ?? inferPreprocessing(input!);
  if (!spec) {
    throw new AppError(
      'INVALID_REQUEST',
      `Input "${req.input}" (${input!.type.text}) does not look like an image, so there is no default preprocessing for it.`,
      'Give a preprocessing spec (layout, channel order, size), or enter the values another way.',
    );
  }
  const decoded = await decodePicture(req.bytes, spec, `The image for input "${req.input}"`);
  const tensor = tensorToJson(pixelsToTensor(decoded, spec));
  return { tensor, spec, picture: { width: decoded.source.width, height: decoded.source.height, format: decoded.source.format } };
}
