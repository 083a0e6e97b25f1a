// What an image build and an artifact push both start from: the open model packed, with the
// request's metadata and golden samples, into a bundle folder of its own under the data folder
// (the image or the artifact is the product, the bundle only its input), removed afterwards.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SignedBy } from '../../shared/bundle/manifest-signature';
import type { PackInputs } from '../../shared/bundle/pack-inputs';
import { packBundle } from '../bundle/pack';
import { newId } from '../ids';
import type { JobContext } from '../jobs/jobs';
import type { ModelRecord } from '../models/model-registry';
import type { RuntimeService } from '../runtime/runtime-service';
import type { SigningKey } from '../signing/key-store';

/** What withPackedBundle packs: the model's metadata and golden samples, and the key to sign with. */
export interface PackedBundleRequest extends PackInputs {
  /** Sign the bundle (modelcrate.sig) with this key of the studio's store. */
  signing?: SigningKey;
}

/** Packs into dataDir/<kind>/<id>/<name>-<version>, runs `use` on it (`work` is that id's folder, for temp files; `signedBy` when signed), then removes the folder whatever happened. */
export async function withPackedBundle<T>(
  kind: 'images' | 'artifacts',
  model: ModelRecord,
  req: PackedBundleRequest,
  ctx: JobContext,
  deps: { runtime: RuntimeService; dataDir: string },
  use: (bundle: string, work: string, signedBy?: SignedBy) => Promise<T>,
): Promise<T> {
  const work = path.join(deps.dataDir, kind, newId());
  await mkdir(work, { recursive: true });
  try {
    const bundle = path.join(work, `${req.metadata.name}-${req.metadata.version}`);
    ctx.progress(0, undefined, 'Packing the bundle');
    const packed = await packBundle({
      modelPath: model.filePath,
      summary: model.summary,
      metadata: req.metadata,
      samples: req.samples,
      samplePolicy: req.samplePolicy,
      out: bundle,
      runtime: deps.runtime,
      signal: ctx.signal,
      signWith: req.signing?.privateKey,
    });
    return await use(bundle, work, req.signing && packed.signedBy ? { keyId: packed.signedBy, keyName: req.signing.info.name } : undefined);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
