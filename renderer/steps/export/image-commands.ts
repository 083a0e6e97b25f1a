// Export → Docker image: build (pack, build, parity gate) and push, as jobs followed from the page.
import type { ErrorData } from '../../../shared/errors';
import { toErrorData } from '../../../shared/errors';
import type { ImageBuildResult, PushResult } from '../../../shared/image/types';
import { followJob, type FollowedJob, type JobProgress } from '../../app/job-follow';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { packInputs } from './export-commands';
import type { SignChoice } from './SigningOption';

export type ImageState =
  | { state: 'idle' }
  | { state: 'running'; progress: JobProgress | null; log: string[] }
  | { state: 'done'; result: ImageBuildResult; log: string[] }
  | { state: 'error'; error: ErrorData; log: string[] };

/** Lines of the live log kept in the page; the report file has the rest. */
const LOG_MAX = 400;
let building: FollowedJob<ImageBuildResult> | null = null;

/** `signing`: sign the bundle with the studio's key and bake its public key in (the image then serves only that signer's bundle). */
export async function buildImage(tag: string, baseImage: string, set: (s: ImageState) => void, signing: SignChoice = { sign: false, keyName: null }): Promise<void> {
  const model = useStudio.getState().model;
  if (!model || building) return;
  let log: string[] = [];
  let progress: JobProgress | null = null;
  const update = () => set({ state: 'running', progress, log });
  update();
  try {
    const { metadata, samples } = await packInputs();
    building = followJob<ImageBuildResult>(
      () => getApi().call('image.build', { modelId: model.modelId, metadata, tag, ...(baseImage ? { baseImage } : {}), samples, ...(signing.sign && signing.keyName ? { sign: true, keyName: signing.keyName } : {}) }),
      (p) => {
        progress = p;
        update();
      },
      (line) => {
        log = [...log, line].slice(-LOG_MAX);
        update();
      },
    );
    const result = await building.result;
    set({ state: 'done', result, log });
    if (result.verified) useStudio.getState().markExported();
    useStudio.setState({ notice: result.verified ? `Image ${result.tag} built and verified` : `Image ${result.tag} built, but not verified` });
  } catch (e) {
    const error = toErrorData(e);
    set(error.code === 'CANCELLED' ? { state: 'idle' } : { state: 'error', error, log });
  } finally {
    building = null;
  }
}

export function cancelImage(): void {
  building?.cancel();
}

export type PushState = { state: 'idle' } | { state: 'running'; label: string } | { state: 'done'; result: PushResult } | { state: 'error'; error: ErrorData };

export async function pushImage(image: string, reference: string, username: string, password: string, set: (s: PushState) => void): Promise<void> {
  set({ state: 'running', label: 'Starting…' });
  const job = followJob<PushResult>(
    () => getApi().call('image.push', { image, reference, ...(username ? { username, password } : {}) }),
    (p) => set({ state: 'running', label: p.label }),
  );
  try {
    set({ state: 'done', result: await job.result });
  } catch (e) {
    set({ state: 'error', error: toErrorData(e) });
  }
}
