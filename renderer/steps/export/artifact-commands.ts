// Export → Model artifact (OCI): pack the open model and push it as a CNCF ModelPack artifact, as a
// job followed from the page (progress in bytes, Cancel).
import type { ArtifactPushResult } from '../../../shared/artifact';
import { toErrorData } from '../../../shared/errors';
import { followJob, type FollowedJob } from '../../app/job-follow';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { metadataForPack, sampleFileNames, type JobState } from './export-commands';

let pushing: FollowedJob<ArtifactPushResult> | null = null;

export interface ArtifactPushForm {
  reference: string;
  username: string;
  password: string;
  plainHttp: boolean;
}

export async function pushArtifact(form: ArtifactPushForm, set: (s: JobState<ArtifactPushResult>) => void): Promise<void> {
  const model = useStudio.getState().model;
  if (!model || pushing) return;
  set({ state: 'running', progress: null });
  try {
    const meta = await metadataForPack();
    if ('error' in meta) throw new Error(meta.error);
    const samples = useStudio.getState().samples;
    const names = sampleFileNames(samples.map((s) => s.name));
    pushing = followJob<ArtifactPushResult>(
      () =>
        getApi().call('artifact.push', {
          modelId: model.modelId,
          metadata: meta.metadata,
          samples: samples.map((s, i) => ({ name: names[i]!, inputs: s.inputs })),
          reference: form.reference,
          plainHttp: form.plainHttp,
          ...(form.username ? { username: form.username, password: form.password } : {}),
        }),
      (progress) => set({ state: 'running', progress }),
    );
    const result = await pushing.result;
    set({ state: 'done', result });
    useStudio.getState().markExported();
    useStudio.setState({ notice: `Pushed ${result.reference}` });
  } catch (e) {
    const error = toErrorData(e);
    set(error.code === 'CANCELLED' ? { state: 'idle' } : { state: 'error', error });
  } finally {
    pushing = null;
  }
}

export function cancelArtifactPush(): void {
  pushing?.cancel();
}
