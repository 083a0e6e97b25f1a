// Export → Docker image as the studio runs it: the open model is packed into a bundle folder of
// its own (under the data folder: the image is the product here, the bundle its input), built
// through the Docker socket, run and checked against its golden samples; the report lands beside
// the model. Push sends a built image to a registry.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ImageBuildResult, PushResult } from '../../shared/image/types';
import { DockerClient } from '../docker/client';
import { buildImage } from '../image/build-image';
import { pushImage } from '../image/push-image';
import type { JobContext } from '../jobs/jobs';
import type { ModelRecord } from '../models/model-registry';
import type { RuntimeService } from '../runtime/runtime-service';
import { withPackedBundle, type PackedBundleRequest } from './with-packed-bundle';

export interface ImageRequest extends PackedBundleRequest {
  tag: string;
  baseImage?: string;
  // `signing` (PackedBundleRequest): the bundle is signed and the key's public half baked into the image,
  // which then serves only this signer's bundle.
}

export async function dockerStatus(
  dockerHost?: string,
): Promise<{ ok: true; apiVersion: string } | { ok: false; message: string; hint?: string }> {
  try {
    // connect() pings the engine: the version it negotiated is the answer.
    return { ok: true, apiVersion: (await DockerClient.connect(dockerHost || undefined)).apiVersion };
  } catch (err) {
    const e = err as AppError;
    return { ok: false, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  }
}

export async function imageJob(
  model: ModelRecord,
  req: ImageRequest,
  ctx: JobContext,
  deps: { runtime: RuntimeService; dataDir: string; dockerHost?: string },
): Promise<ImageBuildResult> {
  if (req.samples.length === 0) {
    throw new AppError(
      'INVALID_REQUEST',
      'The image would be built without golden samples, so nothing could prove it answers like the studio.',
      'Run the model in the Test step and keep the run with "Save as golden sample", then build.',
    );
  }
  // Connecting pings the engine: fails fast (not running, no permission) before minutes of packing.
  const docker = await DockerClient.connect(deps.dockerHost || undefined);
  return withPackedBundle('images', model, req, ctx, deps, async (bundle, _work, signedBy) => {
    const report = path.join(model.outputDir, `${req.metadata.name}-${req.metadata.version}.image-report.json`);
    const built = await buildImage({
      bundlePath: bundle,
      tag: req.tag,
      baseImage: req.baseImage,
      docker,
      reportPath: report,
      signal: ctx.signal,
      progress: ctx.progress,
      log: ctx.log,
      publicKeyPem: req.signing?.info.publicKeyPem,
    });
    return signedBy ? { ...built, signedBy } : built;
  });
}

export async function pushJob(
  req: { image: string; reference: string; username?: string; password?: string },
  ctx: JobContext,
  dockerHost?: string,
): Promise<PushResult> {
  const docker = await DockerClient.connect(dockerHost || undefined);
  return pushImage({ ...req, docker, signal: ctx.signal, progress: ctx.progress, log: ctx.log });
}
