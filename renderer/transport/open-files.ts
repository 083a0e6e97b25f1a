import type { OpenedFile } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { getApi, isDesktop, pageToken } from './api';
import { pickModelFile } from './pick-model-file';
import { uploadFile } from './upload';
import { UploadTracker, type UploadProgress } from './upload-progress';

export type OpenProgress = { phase: 'uploading'; upload: UploadProgress } | { phase: 'reading'; fileName: string };

/**
 * Opens dropped or picked files, whichever transport is in use. Desktop: the preload turns the
 * model's File into its path and the main process reads it in place (external data sits beside it).
 * Browser: every file is uploaded into one upload group — external-data files first, the model
 * last, so the model only lands once all it refers to is there — then the host opens the upload.
 * Aborting `signal` stops the upload (the host drops the partial file) and rejects with CANCELLED.
 */
export async function openFiles(files: File[], onProgress?: (p: OpenProgress) => void, signal?: AbortSignal): Promise<OpenedFile> {
  const api = getApi();
  const { model, companions } = pickModelFile(files);
  if (isDesktop(api)) {
    const path = api.pathForFile(model);
    if (!path)
      throw new AppError('NOT_A_FILE', `${model.name} has no path on disk.`, 'Drop the file from your file manager, or use Open model.');
    onProgress?.({ phase: 'reading', fileName: model.name });
    return api.call('model.openPath', { path });
  }
  const token = pageToken();
  const order = [...companions, model];
  const tracker = new UploadTracker(order);
  const report = (index: number, loaded: number) => onProgress?.({ phase: 'uploading', upload: tracker.update(index, loaded) });
  let uploadId: string | undefined;
  for (const [index, file] of order.entries()) {
    report(index, 0);
    const receipt = await uploadFile(file, { token, uploadId, signal, onProgress: (loaded) => report(index, loaded) });
    report(index, file.size);
    uploadId ??= receipt.uploadId;
  }
  if (!uploadId) throw new AppError('INTERNAL', 'The upload gave no id.');
  if (signal?.aborted) throw new AppError('CANCELLED', `Opening ${model.name} was cancelled.`);
  onProgress?.({ phase: 'reading', fileName: model.name });
  return api.call('model.openUpload', { uploadId, fileName: model.name });
}
