// `artifact push`: a bundle (folder or .tar.gz) → a ModelPack artifact in a registry. The bundle is
// checked first (every sha256, as opening it does, hashed in the same read that computes each
// layer's digest), blobs the registry already holds are skipped (HEAD), the others are streamed from disk
// (chunked PATCH for big ones), and the manifest goes last under the tag. The same bundle always
// gives the same manifest digest (modelpack.ts, tar-layer.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ArtifactPushResult } from '../../shared/artifact';
import { AppError, toErrorData } from '../../shared/errors';
import { checkFiles, listFiles } from '../bundle/bundle-files';
import { openBundle } from '../bundle/open';
import { readModelSummary } from '../onnx/reader';
import {
  buildImageManifest,
  buildModelConfig,
  layerAnnotations,
  manifestAnnotations,
  MODEL_CONFIG,
  OCI_MANIFEST,
  planLayers,
} from './modelpack';
import { isLoopbackHost, parseArtifactReference } from './reference';
import { RegistryClient, sha256Digest, type BlobSource, type Descriptor, type RegistryCredentials } from './registry-client';
import { TarLayer } from './tar-layer';

export interface PushArtifactOptions {
  bundlePath: string;
  /** registry/repository:tag */
  reference: string;
  credentials?: RegistryCredentials;
  /** HTTP instead of HTTPS; loopback registries always use HTTP. */
  plainHttp?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Where a .tar.gz bundle is extracted for the push (removed after); default the OS temp folder. */
  tempParent?: string;
  /** Bytes per PATCH request for big blobs (default UPLOAD_PART). */
  partBytes?: number;
}

export type { ArtifactPushResult };

export async function pushArtifact(opts: PushArtifactOptions): Promise<ArtifactPushResult> {
  const ref = parseArtifactReference(opts.reference);
  if (ref.reference.startsWith('sha256:'))
    throw new AppError(
      'INVALID_REQUEST',
      `Push to a tag, not a digest: "${opts.reference}".`,
      'Use registry/repository:tag; the digest is printed after the push.',
    );
  const temp = await mkdtemp(path.join(opts.tempParent ?? os.tmpdir(), 'mc-artifact-'));
  let done = 0;
  let total = 0;
  const progress = (label: string) => (n: number) => opts.onProgress?.((done += n), Math.max(total, done), label);
  try {
    // Sizes, signature and unlisted files checked here; the sha256s below, from the same read that
    // digests the layers, so the weights are read twice (digest, upload), not three times.
    const opened = await openBundle(opts.bundlePath, temp, {
      hashes: false,
      signal: opts.signal,
      onProgress: (d, t, label) => opts.onProgress?.(d, t, label),
    });
    const planned = planLayers(opened.manifest, await listFiles(opened.root));
    const layers = planned.map((p) => new TarLayer(opened.root, p.files));
    const layerBytes = layers.reduce((n, l) => n + l.size, 0);
    // Reading to hash, then (at most) reading again to upload.
    total = 2 * layerBytes;
    for (const layer of layers) await layer.computeDigest(opts.signal, progress('Computing layer digests'));
    const digests = new Map(layers.flatMap((l) => [...l.fileDigests]));
    const bad = (await checkFiles(opened.root, opened.manifest, { digests, signal: opts.signal })).find((c) => !c.ok);
    if (bad?.error) throw AppError.fromData(bad.error);
    const summary = await readModelSummary(opened.modelPath);

    const descriptors: Descriptor[] = layers.map((l, i) => ({
      mediaType: planned[i]!.mediaType,
      digest: l.digest,
      size: l.size,
      annotations: layerAnnotations(planned[i]!),
    }));
    // Uncompressed tars: each layer's diffId is its digest.
    const configBytes = Buffer.from(
      JSON.stringify(
        buildModelConfig(
          opened.manifest,
          summary,
          layers.map((l) => l.digest),
        ),
      ),
    );
    const config: Descriptor = { mediaType: MODEL_CONFIG, digest: sha256Digest(configBytes), size: configBytes.length };
    const manifestBytes = Buffer.from(JSON.stringify(buildImageManifest(config, descriptors, manifestAnnotations(opened.manifest))));

    const client = new RegistryClient(ref, {
      credentials: opts.credentials,
      plainHttp: !!opts.plainHttp || isLoopbackHost(ref.registry),
      actions: 'pull,push',
      signal: opts.signal,
    });
    const blobs: BlobSource[] = [...layers, bufferBlob(configBytes, config.digest)];
    let uploaded = 0;
    for (const [i, blob] of blobs.entries()) {
      const name = i < planned.length ? planned[i]!.filepath : 'config';
      if (await client.blobExists(blob.digest)) {
        progress(`${name}: already in the registry`)(blob.size);
        continue;
      }
      await client.uploadBlob(blob, progress(`Uploading ${name}`), opts.partBytes);
      uploaded += blob.size;
    }
    const digest = await client.putManifest(manifestBytes, OCI_MANIFEST, ref.reference);
    const ours = sha256Digest(manifestBytes);
    if (digest !== ours)
      throw new AppError(
        'DIGEST_MISMATCH',
        `The registry stored the manifest under ${digest}, not ${ours}.`,
        'The registry rewrote the manifest; it may not support OCI artifacts.',
      );
    opts.onProgress?.(total, total, `Pushed ${ref.display}`);
    return {
      reference: ref.display,
      digest,
      layers: descriptors.map((d, i) => ({ mediaType: d.mediaType, digest: d.digest, size: d.size, filepath: planned[i]!.filepath })),
      bytes: layerBytes + configBytes.length,
      uploadedBytes: uploaded,
    };
  } catch (err) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'The push was cancelled; the tag was not changed.');
    throw err instanceof AppError ? err : AppError.fromData(toErrorData(err));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function bufferBlob(bytes: Buffer, digest: string): BlobSource {
  return {
    digest,
    size: bytes.length,
    async *range(start: number, end: number) {
      yield bytes.subarray(start, end);
    },
  };
}
