// `artifact pull`: a ModelPack artifact → a bundle folder that verifies, all or nothing. The
// manifest must be an OCI image manifest with the model artifactType and config; each blob is
// streamed to a temp file beside the destination with its sha256 checked against the manifest
// (and the config's diffIds), unpacked by the bundle extractor (no '..', absolute paths, links or
// devices), and the result is verified like any bundle (sha256 of every file, model loads, golden
// samples reproduce). Only then is the temp folder renamed to the destination. With a signature
// policy that requires a trusted signer, the small layers (modelcrate.json, modelcrate.sig, …) come
// first and the signature is checked before a weight layer is downloaded.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MANIFEST_FILE } from '../../shared/bundle/manifest';
import { AppError, toErrorData } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { extractTar } from '../bundle/tar-extract';
import type { VerifyReport } from '../../shared/bundle/verify-report';
import { verifyBundle } from '../bundle/verify';
import type { RuntimeService } from '../runtime/runtime-service';
import { bundleSignature, enforceSignature, type SignaturePolicy } from '../signing/bundle-signature';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  MEDIA_WEIGHT,
  MODEL_ARTIFACT_TYPE,
  MODEL_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
  PULLABLE_LAYER_TYPES,
} from './modelpack';
import { isLoopbackHost, parseArtifactReference } from './reference';
import { digestMismatch, RegistryClient, type RegistryCredentials } from './registry-client';

export interface PullArtifactOptions {
  /** registry/repository:tag or registry/repository@sha256:… */
  reference: string;
  /** A new folder (or an empty one). */
  out: string;
  credentials?: RegistryCredentials;
  plainHttp?: boolean;
  runtime: RuntimeService;
  /** Trusted keys, and whether a signature by one of them is required (refused before the weights download). */
  signature?: SignaturePolicy;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface ArtifactPullResult {
  path: string;
  reference: string;
  digest: string;
  /** Layer bytes downloaded. */
  bytes: number;
  /** Files written into the folder (modelcrate.json and modelcrate.sig included). */
  files: number;
  verify: VerifyReport;
}

const digestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a sha256 digest');
const descriptorSchema = z.object({
  mediaType: z.string().min(1).max(255),
  digest: digestSchema,
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  annotations: z.record(z.string(), z.string()).optional(),
});
const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema).min(1).max(100_000),
});
const configSchema = z.object({
  descriptor: z.object({ name: z.string().optional(), version: z.string().optional() }).passthrough(),
  config: z.object({ format: z.string().optional() }).passthrough(),
  modelfs: z.object({ type: z.literal('layers'), diffIds: z.array(digestSchema) }),
});

function notModel(display: string, why: string): AppError {
  return new AppError(
    'ARTIFACT_INVALID',
    `${display} is not a CNCF ModelPack model artifact: ${why}.`,
    'Pull a reference pushed with `modelcrate artifact push` (or another ModelPack tool); container images are pulled with docker pull.',
  );
}

export async function pullArtifact(opts: PullArtifactOptions): Promise<ArtifactPullResult> {
  const ref = parseArtifactReference(opts.reference);
  const out = path.resolve(opts.out);
  await checkDestination(out);
  const client = new RegistryClient(ref, {
    credentials: opts.credentials,
    plainHttp: !!opts.plainHttp || isLoopbackHost(ref.registry),
    actions: 'pull',
    signal: opts.signal,
  });
  opts.onProgress?.(0, 1, `Getting the manifest of ${ref.display}`);
  const got = await client.getManifest(ref.reference, [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST]);
  let json: unknown;
  try {
    json = JSON.parse(got.bytes.toString('utf8'));
  } catch {
    throw notModel(ref.display, 'its manifest is not JSON');
  }
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType ?? got.mediaType;
  if (mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST)
    throw notModel(ref.display, 'it is an image index (a multi-platform image)');
  if (mediaType === DOCKER_MANIFEST) throw notModel(ref.display, 'it is a Docker container image');
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw notModel(
      ref.display,
      `its manifest is not an OCI image manifest (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message})`,
    );
  const manifest = parsed.data;
  if (mediaType !== OCI_MANIFEST) throw notModel(ref.display, `its manifest's media type is "${String(mediaType)}"`);
  const kind = manifest.artifactType ?? manifest.config.mediaType;
  if (kind !== MODEL_ARTIFACT_TYPE && manifest.config.mediaType !== MODEL_CONFIG) {
    throw notModel(
      ref.display,
      manifest.artifactType
        ? `its artifactType is "${manifest.artifactType}"`
        : `its config is "${manifest.config.mediaType}" (a container image)`,
    );
  }
  if (manifest.config.mediaType !== MODEL_CONFIG)
    throw notModel(ref.display, `its config is "${manifest.config.mediaType}", not ${MODEL_CONFIG}`);
  const unknown = manifest.layers.find((l) => !PULLABLE_LAYER_TYPES.has(l.mediaType));
  if (unknown) throw notModel(ref.display, `it has a layer of type "${unknown.mediaType}", which Modelcrate does not unpack`);

  const config = configSchema.safeParse(JSON.parse((await client.getSmallBlob(manifest.config)).toString('utf8')));
  if (!config.success)
    throw notModel(
      ref.display,
      `its config is not a ModelPack config (${config.error.issues[0]!.path.join('.')}: ${config.error.issues[0]!.message})`,
    );
  if (config.data.config.format && config.data.config.format.toLowerCase() !== 'onnx')
    throw notModel(ref.display, `its model format is "${config.data.config.format}"; Modelcrate bundles hold ONNX`);
  const diffIds = config.data.modelfs.diffIds;
  if (diffIds.length !== manifest.layers.length)
    throw notModel(ref.display, `its config lists ${diffIds.length} diffIds for ${manifest.layers.length} layers`);
  manifest.layers.forEach((l, i) => {
    // An uncompressed tar's diffId is its digest; a gzip layer's is checked by verify's sha256s instead.
    if (!l.mediaType.endsWith('+gzip') && diffIds[i] !== l.digest)
      throw digestMismatch(`layer ${i + 1}`, l.digest, diffIds[i]!, "the config's diffId differs from the layer digest");
  });

  const total = manifest.layers.reduce((n, l) => n + l.size, 0);
  // Peak use: every unpacked file plus the one blob being unpacked (each is removed once unpacked).
  const needed = total + Math.max(...manifest.layers.map((l) => l.size));
  const fs = await statfs(path.dirname(out));
  if (fs.bavail * fs.bsize < needed) {
    throw new AppError(
      'DISK_FULL',
      `${ref.display} needs ${formatBytes(needed)} free beside ${out}; there are ${formatBytes(fs.bavail * fs.bsize)}.`,
      'Free some disk space or pull into a folder on another disk.',
    );
  }
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  const blobs = `${temp}.blobs`;
  let done = 0;
  try {
    await mkdir(temp);
    await mkdir(blobs);
    // Weights last: the small layers carry modelcrate.json and modelcrate.sig, checked before the big ones.
    const order = [...manifest.layers.entries()].sort(([, a], [, b]) => Number(isWeight(a.mediaType)) - Number(isWeight(b.mediaType)));
    let signatureChecked = false;
    for (const [i, layer] of order) {
      if (!signatureChecked && opts.signature?.require && isWeight(layer.mediaType)) {
        signatureChecked = true;
        await checkSignatureEarly(temp, opts.signature, ref.display);
      }
      const name = layer.annotations?.['org.cncf.model.filepath'] ?? `layer ${i + 1}`;
      const file = path.join(blobs, layer.digest.slice('sha256:'.length));
      await client.downloadBlob(layer, file, `layer ${i + 1} (${name})`, (n) =>
        opts.onProgress?.((done += n), total, `Downloading ${name}`),
      );
      await extractTar(file, temp, { signal: opts.signal });
      await rm(file, { force: true });
    }
    const verify = await verifyBundle(temp, {
      runtime: opts.runtime,
      signal: opts.signal,
      signature: opts.signature,
      label: ref.display,
      onProgress: (d, t, label) => opts.onProgress?.(d, t, `Verifying: ${label}`),
    });
    if (!verify.ok) {
      const e = verify.error ?? { code: 'BUNDLE_INVALID' as const, message: 'The pulled bundle did not verify.' };
      // A signature refusal already names the reference and says what to do.
      if (e.code.startsWith('SIGNATURE_')) throw AppError.fromData(e);
      throw new AppError(
        e.code,
        `The artifact ${ref.display} unpacked into a bundle that does not verify: ${e.message}`,
        e.hint ?? 'Nothing was written. Push the bundle again.',
      );
    }
    await rm(blobs, { recursive: true, force: true });
    // The destination may have appeared meanwhile: rename fails on a non-empty folder, never merges.
    await rmdir(out).catch(() => {});
    await rename(temp, out);
    return {
      path: out,
      reference: ref.display,
      digest: got.digest,
      bytes: total,
      files: verify.manifest!.files.length + (verify.signature && verify.signature.state !== 'unsigned' ? 2 : 1),
      verify: { ...verify, bundle: out },
    };
  } catch (err) {
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    await rm(blobs, { recursive: true, force: true }).catch(() => {});
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'The pull was cancelled; nothing was written.');
    throw err instanceof AppError ? err : AppError.fromData(toErrorData(err));
  }
}

/** A weight layer (model file or external data), not weight.config: the big ones, downloaded last. */
function isWeight(mediaType: string): boolean {
  return mediaType === MEDIA_WEIGHT || mediaType === `${MEDIA_WEIGHT}+gzip`;
}

/**
 * The signature over modelcrate.json as soon as both small files are unpacked, so an unsigned or
 * untrusted artifact is refused before gigabytes of weights are fetched. verifyBundle checks it again
 * over the final folder; this only moves the refusal earlier.
 */
async function checkSignatureEarly(root: string, policy: SignaturePolicy, display: string): Promise<void> {
  const manifest = await readFile(path.join(root, MANIFEST_FILE)).catch(() => undefined);
  if (!manifest) return; // verifyBundle reports a missing manifest with its own message
  enforceSignature(await bundleSignature(root, manifest, policy.trusted), policy, display);
}

/** The destination must be free or an empty folder, and its parent must exist. */
async function checkDestination(out: string): Promise<void> {
  const parent = await lstat(path.dirname(out)).catch(() => undefined);
  if (!parent?.isDirectory())
    throw new AppError(
      'FILE_NOT_FOUND',
      `The folder ${path.dirname(out)} does not exist.`,
      'Create it first, or choose another output folder.',
    );
  const st = await lstat(out).catch(() => undefined);
  if (!st) return;
  if (!st.isDirectory() || (await readdir(out)).length > 0)
    throw new AppError('FILE_EXISTS', `${out} already exists and is not an empty folder.`, 'Choose a new folder name to pull into.');
}
