// What an image build and an artifact push both start from: the open model packed, with the
// request's metadata and golden samples, into a bundle folder of its own under the data folder
// (the image or the artifact is the product, the bundle only its input), removed afterwards.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from '../../../shared/metadata/schema';
import type { WireTensorMap } from '../../../shared/tensors';
import { packBundle } from '../bundle/pack';
import { newId } from '../ids';
import type { JobContext } from '../jobs/jobs';
import type { OpenModel } from '../models/model-registry';
import type { RuntimeService } from '../runtime/runtime-service';

export interface PackRequest {
  metadata: Metadata;
  samples: Array<{ name: string; inputs: WireTensorMap }>;
}

/** Packs into dataDir/<kind>/<id>/<name>-<version>, runs `use` on it (`work` is that id's folder, for temp files), then removes the folder whatever happened. */
export async function withPackedBundle<T>(kind: 'images' | 'artifacts', model: OpenModel, req: PackRequest, ctx: JobContext, deps: { runtime: RuntimeService; dataDir: string }, use: (bundle: string, work: string) => Promise<T>): Promise<T> {
  const work = path.join(deps.dataDir, kind, newId());
  await mkdir(work, { recursive: true });
  try {
    const bundle = path.join(work, `${req.metadata.name}-${req.metadata.version}`);
    ctx.progress(0, undefined, 'Packing the bundle');
    await packBundle({ modelPath: model.filePath, summary: model.summary, metadata: req.metadata, samples: req.samples, out: bundle, runtime: deps.runtime, signal: ctx.signal });
    return await use(bundle, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
