import type { OpenedModel } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { getApi, isDesktop, pageToken } from './api';
import { pickModelFile } from './pick-model-file';
import { uploadFile } from './upload';

export type OpenProgress =
  | { phase: 'uploading'; fileName: string; index: number; count: number; bytes: number }
  | { phase: 'reading'; fileName: string };

/**
 * Opens dropped or picked files, whichever transport is in use. Desktop: the preload turns the
 * model's File into its path and the main process reads it in place (external data sits beside it).
 * Browser: every file is uploaded into one upload group — external-data files first, the model
 * last, so the model only lands once all it refers to is there — then the host opens the upload.
 */
export async function openFiles(files: File[], onProgress?: (p: OpenProgress) => void, signal?: AbortSignal): Promise<OpenedModel> {
  const api = getApi();
  const { model, companions } = pickModelFile(files);
  if (isDesktop(api)) {
    const path = api.pathForFile(model);
    if (!path) throw new AppError('NOT_A_FILE', `${model.name} has no path on disk.`, 'Drop the file from your file manager, or use Open model.');
    onProgress?.({ phase: 'reading', fileName: model.name });
    return api.call('model.openPath', { path });
  }
  const token = pageToken();
  const order = [...companions, model];
  let uploadId: string | undefined;
  for (const [index, file] of order.entries()) {
    onProgress?.({ phase: 'uploading', fileName: file.name, index, count: order.length, bytes: file.size });
    const receipt = await uploadFile(file, { token, uploadId, signal });
    uploadId ??= receipt.uploadId;
  }
  if (!uploadId) throw new AppError('INTERNAL', 'The upload gave no id.');
  onProgress?.({ phase: 'reading', fileName: model.name });
  return api.call('model.openUpload', { uploadId, fileName: model.name });
}
