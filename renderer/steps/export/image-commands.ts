// Export → Docker image: build (pack, build, parity gate) and push, as jobs followed from the page.
// Progress and the build log are the job's, in the store's jobs slice; these states say which job.
import type { ErrorData } from '../../../shared/errors';
import { toErrorData } from '../../../shared/errors';
import type { ImageBuildResult, PushResult } from '../../../shared/image/types';
import { startJob } from '../../app/jobs';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { packInputs } from './export-commands';
import type { SignChoice } from './SigningOption';

/** jobId: the build job, whose progress and log the card shows (null until it has started). */
export type ImageState =
  | { state: 'idle' }
  | { state: 'running'; jobId: string | null }
  | { state: 'done'; result: ImageBuildResult; jobId: string | null }
  | { state: 'error'; error: ErrorData; jobId: string | null };

/** Set while a build starts or runs; aborting it cancels the build. */
let building: AbortController | null = null;

/** `signing`: sign the bundle with the studio's key and bake its public key in (the image then serves only that signer's bundle). */
export async function buildImage(
  tag: string,
  baseImage: string,
  set: (s: ImageState) => void,
  signing: SignChoice = { sign: false, keyName: null },
): Promise<void> {
  const model = useStudio.getState().model;
  if (!model || building) return;
  const abort = (building = new AbortController());
  let jobId: string | null = null;
  set({ state: 'running', jobId });
  try {
    const { metadata, samples } = await packInputs();
    const result = await startJob<ImageBuildResult>(
      () =>
        getApi().call('image.build', {
          modelId: model.modelId,
          metadata,
          tag,
          ...(baseImage ? { baseImage } : {}),
          samples,
          ...(signing.sign && signing.keyName ? { sign: true, keyName: signing.keyName } : {}),
        }),
      {
        signal: abort.signal,
        onStarted(id) {
          jobId = id;
          set({ state: 'running', jobId });
        },
      },
    );
    set({ state: 'done', result, jobId });
    // No toast: the result pane is scrolled into view, focused, and its verdict is a status line.
    if (result.verified) useStudio.getState().markExported();
  } catch (e) {
    const error = toErrorData(e);
    set(error.code === 'CANCELLED' ? { state: 'idle' } : { state: 'error', error, jobId });
  } finally {
    building = null;
  }
}

export function cancelImage(): void {
  building?.abort();
}

/** jobId: the push job, whose progress label the button shows (null until it has started). */
export type PushState =
  | { state: 'idle' }
  | { state: 'running'; jobId: string | null }
  | { state: 'done'; result: PushResult }
  | { state: 'error'; error: ErrorData };

export async function pushImage(
  image: string,
  reference: string,
  username: string,
  password: string,
  set: (s: PushState) => void,
): Promise<void> {
  set({ state: 'running', jobId: null });
  try {
    const result = await startJob<PushResult>(
      () => getApi().call('image.push', { image, reference, ...(username ? { username, password } : {}) }),
      {
        onStarted: (jobId) => set({ state: 'running', jobId }),
      },
    );
    set({ state: 'done', result });
  } catch (e) {
    set({ state: 'error', error: toErrorData(e) });
  }
}
