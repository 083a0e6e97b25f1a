// Export → Docker image as the studio runs it: the open model is packed into a bundle folder of
// its own (under the data folder: the image is the product here, the bundle its input), built
// through the Docker socket, run and checked against its golden samples; the report lands beside
// the model. Push sends a built image to a registry.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ImageBuildResult, PushResult } from '../../../shared/image/types';
import type { Metadata } from '../../../shared/metadata/schema';
import type { WireTensorMap } from '../../../shared/tensors';
import { packBundle } from '../bundle/pack';
import { DockerClient } from '../docker/client';
import { buildImage } from '../image/build-image';
import { pushImage } from '../image/push-image';
import { newId } from '../ids';
import type { JobContext } from '../jobs/jobs';
import type { OpenModel } from '../models/model-registry';
import type { RuntimeService } from '../runtime/runtime-service';
import type { SigningKey } from '../signing/key-store';

export interface ImageRequest {
  metadata: Metadata;
  samples: Array<{ name: string; inputs: WireTensorMap }>;
  tag: string;
  baseImage?: string;
  /** Sign the bundle with this key and bake its public key into the image (it then serves only this signer's bundle). */
  signing?: SigningKey;
}

export async function dockerStatus(dockerHost?: string): Promise<{ ok: true; apiVersion: string } | { ok: false; message: string; hint?: string }> {
  try {
    // connect() pings the engine: the version it negotiated is the answer.
    return { ok: true, apiVersion: (await DockerClient.connect(dockerHost || undefined)).apiVersion };
  } catch (err) {
    const e = err as AppError;
    return { ok: false, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  }
}

export async function imageJob(model: OpenModel, req: ImageRequest, ctx: JobContext, deps: { runtime: RuntimeService; dataDir: string; dockerHost?: string }): Promise<ImageBuildResult> {
  if (req.samples.length === 0) {
    throw new AppError('INVALID_REQUEST', 'The image would be built without golden samples, so nothing could prove it answers like the studio.', 'Run the model in the Test step and keep the run with "Save as golden sample", then build.');
  }
  // Connecting pings the engine: fails fast (not running, no permission) before minutes of packing.
  const docker = await DockerClient.connect(deps.dockerHost || undefined);
  const work = path.join(deps.dataDir, 'images', newId());
  await mkdir(work, { recursive: true });
  try {
    const bundle = path.join(work, `${req.metadata.name}-${req.metadata.version}`);
    ctx.progress(0, undefined, 'Packing the bundle');
    const packed = await packBundle({ modelPath: model.filePath, summary: model.summary, metadata: req.metadata, samples: req.samples, out: bundle, runtime: deps.runtime, signal: ctx.signal, signWith: req.signing?.privateKey });
    const report = path.join(model.outputDir, `${req.metadata.name}-${req.metadata.version}.image-report.json`);
    const built = await buildImage({ bundlePath: bundle, tag: req.tag, baseImage: req.baseImage, docker, reportPath: report, signal: ctx.signal, progress: ctx.progress, log: ctx.log, publicKeyPem: req.signing?.info.publicKeyPem });
    return req.signing && packed.signedBy ? { ...built, signedBy: { keyId: packed.signedBy, keyName: req.signing.info.name } } : built;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function pushJob(req: { image: string; reference: string; username?: string; password?: string }, ctx: JobContext, dockerHost?: string): Promise<PushResult> {
  const docker = await DockerClient.connect(dockerHost || undefined);
  return pushImage({ ...req, docker, signal: ctx.signal, progress: ctx.progress, log: ctx.log });
}
