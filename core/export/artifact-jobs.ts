// Export → Model artifact (OCI) as the studio runs it: the open model is packed with the current
// metadata and golden samples into a bundle folder of its own under the data folder (the artifact
// is the product here, the bundle its input), pushed as a CNCF ModelPack artifact, then removed.
import type { ArtifactPushResult } from '../../shared/artifact';
import { pushArtifact } from '../artifact/push-artifact';
import type { RegistryCredentials } from '../artifact/registry-client';
import { parseArtifactReference } from '../artifact/reference';
import type { JobContext } from '../jobs/jobs';
import type { ModelRecord } from '../models/model-registry';
import type { RuntimeService } from '../runtime/runtime-service';
import { withPackedBundle, type PackedBundleRequest } from './with-packed-bundle';

export interface ArtifactPushRequest extends PackedBundleRequest {
  reference: string;
  credentials?: RegistryCredentials;
  plainHttp: boolean;
}

export async function artifactPushJob(
  model: ModelRecord,
  req: ArtifactPushRequest,
  ctx: JobContext,
  deps: { runtime: RuntimeService; dataDir: string },
): Promise<ArtifactPushResult> {
  parseArtifactReference(req.reference); // a bad reference fails before the packing
  // `signing` (PackedBundleRequest): modelcrate.sig travels as a layer, and `artifact pull --public-key` accepts it.
  return withPackedBundle('artifacts', model, req, ctx, deps, async (bundle, work, signedBy) => {
    const pushed = await pushArtifact({
      bundlePath: bundle,
      reference: req.reference,
      credentials: req.credentials,
      plainHttp: req.plainHttp,
      signal: ctx.signal,
      onProgress: ctx.progress,
      tempParent: work,
    });
    return signedBy ? { ...pushed, signedBy } : pushed;
  });
}
