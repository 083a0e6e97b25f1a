import { AppError, type ErrorData } from '../../shared/errors';
import { TOKEN_PARAM, UPLOAD_PATH, type UploadReceipt } from '../../shared/ws-protocol';

export interface UploadOptions {
  /** Null when the page has none in its URL: the host's session cookie then vouches for us. */
  token: string | null;
  /** Omitted for the first file of a group; the host answers with a new one. */
  uploadId?: string;
  signal?: AbortSignal;
  origin?: string;
  fetchImpl?: typeof fetch;
}

/** POSTs one file's bytes to the web host (see ws-protocol.ts); the File streams, it is not read into memory. */
export async function uploadFile(file: File, opts: UploadOptions): Promise<UploadReceipt> {
  const url = new URL(UPLOAD_PATH, opts.origin ?? location.origin);
  if (opts.token) url.searchParams.set(TOKEN_PARAM, opts.token);
  url.searchParams.set('name', file.name);
  if (opts.uploadId) url.searchParams.set('uploadId', opts.uploadId);
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream' },
      signal: opts.signal ?? null,
      credentials: 'same-origin',
    });
  } catch (err) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', `The upload of ${file.name} was cancelled.`);
    throw new AppError('IO_ERROR', `Could not upload ${file.name}: the host did not answer.`, 'Check that `modelcrate studio --web` is still running, then try again.');
  }
  type Body = { ok?: boolean; value?: UploadReceipt; error?: ErrorData } | null;
  const body = (await res.json().catch(() => null)) as Body;
  if (body?.ok === true && body.value) return body.value;
  if (body?.ok === false && body.error) throw AppError.fromData(body.error);
  throw new AppError('IO_ERROR', `Uploading ${file.name} failed (HTTP ${res.status}).`, 'Try again; if it keeps failing, restart `modelcrate studio --web`.');
}
