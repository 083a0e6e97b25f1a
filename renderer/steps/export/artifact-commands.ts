// Export → Model artifact (OCI): pack the open model and push it as a CNCF ModelPack artifact, as a
// job followed from the page (progress in bytes, Cancel).
import type { ArtifactPushResult } from '../../../shared/artifact';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { ExportJob, type JobState } from './export-commands';
import type { SignChoice } from './SigningOption';

const pushing = new ExportJob<ArtifactPushResult>();

export interface ArtifactPushForm {
  reference: string;
  username: string;
  password: string;
  plainHttp: boolean;
  /** Sign the bundle with the studio's key (modelcrate.sig travels as a layer). */
  signing?: SignChoice;
}

export async function pushArtifact(form: ArtifactPushForm, set: (s: JobState<ArtifactPushResult>) => void): Promise<void> {
  const model = useStudio.getState().model;
  if (!model || pushing.busy) return;
  await pushing.run(
    ({ metadata, samples }) =>
      getApi().call('artifact.push', {
        modelId: model.modelId,
        metadata,
        samples,
        reference: form.reference,
        plainHttp: form.plainHttp,
        ...(form.signing?.sign && form.signing.keyName ? { sign: true, keyName: form.signing.keyName } : {}),
        ...(form.username ? { username: form.username, password: form.password } : {}),
      }),
    set,
  );
}

export function cancelArtifactPush(): void {
  pushing.cancel();
}
