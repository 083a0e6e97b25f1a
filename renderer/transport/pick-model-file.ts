import { AppError } from '../../shared/errors';

export interface FileGroup<F extends { name: string }> {
  model: F;
  /** External-data files that travel with the model. */
  companions: F[];
}

const isOnnx = (name: string) => name.toLowerCase().endsWith('.onnx');
/** A sharded safetensors model is dropped as its index and shards: the index is what opens. */
const isShardIndex = (name: string) => /\.safetensors\.index\.json$/i.test(name);

/**
 * Splits dropped files into the model and its external-data files. A single file is always the
 * model, whatever its name: the reader, not the file name, decides whether it is ONNX.
 */
export function pickModelFile<F extends { name: string }>(files: readonly F[]): FileGroup<F> {
  if (files.length === 0) throw new AppError('INVALID_REQUEST', 'No file was given.', 'Drop an .onnx file or pick one with Open model.');
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name))
      throw new AppError(
        'INVALID_REQUEST',
        `Two files are named ${f.name}.`,
        'Drop one model and its external-data files from a single folder.',
      );
    names.add(f.name);
  }
  const [only] = files;
  if (files.length === 1 && only) return { model: only, companions: [] };
  const models = files.filter((f) => isOnnx(f.name) || isShardIndex(f.name));
  const [model] = models;
  if (!model) {
    throw new AppError(
      'NOT_ONNX',
      `None of the ${files.length} files is an .onnx model or a model.safetensors.index.json.`,
      'Drop the .onnx file together with its external-data files, or a safetensors index with its shards.',
    );
  }
  if (models.length > 1) {
    throw new AppError(
      'INVALID_REQUEST',
      `${models.length} models were dropped at once (${models.map((m) => m.name).join(', ')}).`,
      'Open one model at a time; drop its external-data files with it.',
    );
  }
  return { model, companions: files.filter((f) => f !== model) };
}
