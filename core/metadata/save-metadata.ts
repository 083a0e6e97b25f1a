// model.saveMetadata: the form's metadata written into the model by the lossless writer (the
// graph copied byte for byte), as a new file beside it or over it with a backup, then opened.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedModel, SavedModel } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { metadataToProps } from '../../shared/metadata/onnx-props';
import type { Metadata } from '../../shared/metadata/schema';
import type { JobContext } from '../jobs/jobs';
import type { ModelRecord } from '../models/model-registry';
import { writeModelMetadata, writeModelMetadataInPlace } from '../onnx-write/write-metadata';

export interface SaveRequest {
  metadata: Metadata;
  /** A new file in the model's folder (external data stays found beside it). */
  fileName?: string;
  /** Desktop: a path the user chose in the native save dialog (it asked about replacing). */
  targetPath?: string;
  overwrite: boolean;
}

/** Opens the written file: `displayPath` is set for uploaded copies, which show their name only. */
export type Reopen = (filePath: string, displayPath: string | undefined) => Promise<OpenedModel>;
type Saved = Omit<SavedModel, 'fileId'>;

export async function saveMetadata(model: ModelRecord, req: SaveRequest, ctx: JobContext, reopen: Reopen): Promise<Saved> {
  const edit = metadataToProps(req.metadata);
  const onProgress = (done: number, total: number) => ctx.progress(done, total, 'Writing the model');
  const uploaded = model.uploaded;
  if (model.origin === 'bundle') {
    if (req.overwrite)
      throw new AppError(
        'NOT_SUPPORTED',
        'This model is inside a bundle, which must stay as it was packed.',
        'Save as a new file, or export a new bundle (the Export step uses your edited metadata).',
      );
    if (model.summary.externalData.length) {
      throw new AppError(
        'NOT_SUPPORTED',
        'This model keeps its weights in external files inside a bundle; a copy written elsewhere would lose them.',
        'Export a new bundle instead: the Export step uses your edited metadata.',
      );
    }
  }
  // The dialog's choice may be the model itself: that is an overwrite, and keeps a backup.
  if (req.overwrite || (req.targetPath !== undefined && path.resolve(req.targetPath) === model.filePath)) {
    const { bytes, backup } = await writeModelMetadataInPlace(model.filePath, edit, { signal: ctx.signal, onProgress });
    const opened = await reopen(model.filePath, uploaded ? model.displayPath : undefined);
    return { opened, bytes, backupFileName: path.basename(backup) };
  }
  if (req.targetPath !== undefined) {
    const target = path.resolve(req.targetPath);
    if (model.summary.externalData.length && path.dirname(target) !== path.dirname(model.filePath)) {
      throw new AppError(
        'NOT_SUPPORTED',
        `${path.basename(model.filePath)} keeps its weights in ${model.summary.externalData.map((e) => e.location).join(', ')}; a copy in another folder would lose them.`,
        "Save it in the model's own folder, or export a bundle, which carries the weights along.",
      );
    }
    const { bytes } = await writeModelMetadata(model.filePath, target, edit, { signal: ctx.signal, onProgress });
    return { opened: await reopen(target, undefined), bytes, backupFileName: null };
  }
  // Beside the model (its external data stays found), or beside the bundle it came in.
  const target = path.join(model.outputDir, req.fileName!);
  if (await exists(target)) {
    throw new AppError(
      'FILE_EXISTS',
      `${req.fileName} already exists beside the model.`,
      'Pick another file name, or choose Overwrite to write into the model itself (a backup is kept).',
    );
  }
  const { bytes } = await writeModelMetadata(model.filePath, target, edit, { signal: ctx.signal, onProgress });
  const opened = await reopen(target, uploaded ? req.fileName : undefined);
  return { opened, bytes, backupFileName: null };
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
