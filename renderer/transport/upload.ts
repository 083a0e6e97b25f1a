import { AppError, type ErrorData } from '../../shared/errors';
import { TOKEN_PARAM, UPLOAD_PATH, type UploadReceipt } from '../../shared/ws-protocol';

export interface UploadOptions {
  /** Null when the page has none in its URL: the host's session cookie then vouches for us. */
  token: string | null;
  /** Omitted for the first file of a group; the host answers with a new one. */
  uploadId?: string;
  signal?: AbortSignal;
  /** Bytes of this file sent so far; called as the browser hands them to the network. */
  onProgress?: (loaded: number) => void;
  origin?: string;
  createXhr?: () => XMLHttpRequest;
}

/**
 * POSTs one file's bytes to the web host (see ws-protocol.ts); the File streams, it is not read into
 * memory. XMLHttpRequest rather than fetch: only it reports bytes sent (upload.onprogress).
 */
export function uploadFile(file: File, opts: UploadOptions): Promise<UploadReceipt> {
  const url = new URL(UPLOAD_PATH, opts.origin ?? location.origin);
  if (opts.token) url.searchParams.set(TOKEN_PARAM, opts.token);
  url.searchParams.set('name', file.name);
  if (opts.uploadId) url.searchParams.set('uploadId', opts.uploadId);
  const cancelled = () => new AppError('CANCELLED', `The upload of ${file.name} was cancelled.`);
  return new Promise<UploadReceipt>((resolve, reject) => {
    const { signal } = opts;
    if (signal?.aborted) return reject(cancelled());
    const xhr = opts.createXhr?.() ?? new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = (fn: () => void) => {
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    xhr.open('POST', url.href);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded);
    xhr.onabort = () => settle(() => reject(cancelled()));
    xhr.onerror = xhr.ontimeout = () =>
      settle(() =>
        reject(
          signal?.aborted
            ? cancelled()
            : new AppError(
                'IO_ERROR',
                `Could not upload ${file.name}: the host did not answer.`,
                'Check that `modelcrate studio --web` is still running, then try again.',
              ),
        ),
      );
    xhr.onload = () => settle(() => (signal?.aborted ? reject(cancelled()) : answer(xhr, file, resolve, reject)));
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.send(file);
  });
}

function answer(xhr: XMLHttpRequest, file: File, resolve: (r: UploadReceipt) => void, reject: (e: AppError) => void): void {
  type Body = { ok?: boolean; value?: UploadReceipt; error?: ErrorData } | null;
  let body: Body = null;
  try {
    body = JSON.parse(xhr.responseText) as Body;
  } catch {
    // Not JSON (a proxy's page, a cut-off answer): reported by status below.
  }
  if (body?.ok === true && body.value) return resolve(body.value);
  if (body?.ok === false && body.error) return reject(AppError.fromData(body.error));
  reject(
    new AppError(
      'IO_ERROR',
      `Uploading ${file.name} failed (HTTP ${xhr.status}).`,
      'Try again; if it keeps failing, restart `modelcrate studio --web`.',
    ),
  );
}
