// foreign.previewTensor: finds the tensor in a read file's table and reads its first values with
// bounded positioned reads (never the whole tensor; shards resolve inside the file's folder).
import { AppError } from '../../shared/errors';
import type { ForeignTensorPreview } from '../../shared/formats/types';
import { openFileSource } from '../onnx/file-source';
import type { ForeignRecord } from './foreign-registry';
import { resolveShardPath } from './safetensors/shards';
import { previewForeignTensor } from './tensor-preview';

/** Values shown in the Inspect step's preview; the same cap as ONNX initializers. */
export const FOREIGN_PREVIEW_VALUES = 1000;

export function previewTensorOf(file: ForeignRecord, name: string): ForeignTensorPreview {
  const t = file.model.tensors.find((x) => x.name === name);
  if (!t) throw new AppError('INVALID_REQUEST', `${file.model.fileName} has no tensor named ${name} in its table.`);
  // Shards resolve inside the index's folder, checked again here as when the index was read. Other
  // formats name an archive entry in `file`, but their offsets are into the opened file itself.
  const where = file.model.format === 'safetensors-index' && t.file ? resolveShardPath(file.filePath, t.file) : file.filePath;
  const src = openFileSource(where);
  try {
    const p = previewForeignTensor(src, t, FOREIGN_PREVIEW_VALUES);
    return { name: t.name, dtype: t.dtype, shape: t.shape, values: p.values, total: p.total, stats: p.stats ?? null, note: p.note };
  } finally {
    src.close();
  }
}
