// Export → Model artifact (OCI) as the studio runs it: the open model is packed with the current
// metadata and golden samples into a bundle folder of its own under the data folder (the artifact
// is the product here, the bundle its input), pushed as a CNCF ModelPack artifact, then removed.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactPushResult } from '../../../shared/artifact';
import type { Metadata } from '../../../shared/metadata/schema';
import type { WireTensorMap } from '../../../shared/tensors';
import { pushArtifact } from '../artifact/push-artifact';
import type { RegistryCredentials } from '../artifact/registry-client';
import { parseArtifactReference } from '../artifact/reference';
import { packBundle } from '../bundle/pack';
import { newId } from '../ids';
import type { JobContext } from '../jobs/jobs';
import type { OpenModel } from '../models/model-registry';
import type { RuntimeService } from '../runtime/runtime-service';
import type { SigningKey } from '../signing/key-store';

export interface ArtifactPushRequest {
  metadata: Metadata;
  samples: Array<{ name: string; inputs: WireTensorMap }>;
  reference: string;
  credentials?: RegistryCredentials;
  plainHttp: boolean;
  /** Sign the bundle with this key: modelcrate.sig travels as a layer, and `pull --public-key` accepts it. */
  signing?: SigningKey;
}

export async function artifactPushJob(model: OpenModel, req: ArtifactPushRequest, ctx: JobContext, deps: { runtime: RuntimeService; dataDir: string }): Promise<ArtifactPushResult> {
  parseArtifactReference(req.reference); // a bad reference fails before the packing
  const work = path.join(deps.dataDir, 'artifacts', newId());
  await mkdir(work, { recursive: true });
  try {
    const bundle = path.join(work, `${req.metadata.name}-${req.metadata.version}`);
    ctx.progress(0, undefined, 'Packing the bundle');
    const packed = await packBundle({ modelPath: model.filePath, summary: model.summary, metadata: req.metadata, samples: req.samples, out: bundle, runtime: deps.runtime, signal: ctx.signal, signWith: req.signing?.privateKey });
    const pushed = await pushArtifact({ bundlePath: bundle, reference: req.reference, credentials: req.credentials, plainHttp: req.plainHttp, signal: ctx.signal, onProgress: ctx.progress, tempParent: work });
    return req.signing && packed.signedBy ? { ...pushed, signedBy: { keyId: packed.signedBy, keyName: req.signing.info.name } } : pushed;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
