// Opening a bundle the user dropped: a folder is used where it is, once its files match the
// manifest; a .tar.gz is extracted (refusing unsafe entries) into a folder of its own under the
// studio's data folder, checked, and only then given its final name. Running the model and its
// samples is verify's job; this is what the studio needs to show the bundle and use its model.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BundleFormat, Manifest } from '../../shared/bundle/manifest';
import type { SignatureStatus } from '../../shared/bundle/manifest-signature';
import { AppError, toErrorData } from '../../shared/errors';
import { bundleSignature, enforceSignature, type SignaturePolicy } from '../signing/bundle-signature';
import { checkFiles, parseManifestBytes, readManifestFile } from './bundle-files';
import { extractTar } from './tar-extract';

export interface OpenedBundle {
  /** The bundle's folder: the one given, or where the .tar.gz was extracted. */
  root: string;
  manifest: Manifest;
  /** Absolute path of the bundled model (its external data beside it). */
  modelPath: string;
  format: BundleFormat;
  /** modelcrate.sig's state against the policy's trusted keys (never 'invalid': that is refused). */
  signature: SignatureStatus;
}

export interface OpenBundleOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Check every file's sha256 (default) or only sizes, for a quick look at a big folder bundle. */
  hashes?: boolean;
  /** Trusted keys, and whether a signature by one of them is required. An invalid signature is always refused. */
  signature?: SignaturePolicy;
}

/** Folder under the data folder where opened .tar.gz bundles are extracted. */
export const BUNDLES_DIR = 'bundles';

export async function openBundle(bundlePath: string, dataDir: string, opts: OpenBundleOptions = {}): Promise<OpenedBundle> {
  const bundle = path.resolve(bundlePath);
  const st = await stat(bundle).catch((err: unknown) => {
    throw AppError.fromData(toErrorData(err));
  });
  if (st.isDirectory()) {
    const { manifest, signature } = await checked(bundle, bundle, undefined, opts);
    return { root: bundle, manifest, modelPath: path.join(bundle, manifest.model.path), format: 'dir', signature };
  }
  const parent = path.join(dataDir, BUNDLES_DIR);
  await mkdir(parent, { recursive: true });
  const base =
    path
      .basename(bundle)
      .replace(/\.(tar\.gz|tgz|tar)$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .slice(0, 80) || 'bundle';
  const root = path.join(parent, `${base}-${randomBytes(4).toString('hex')}`);
  const partial = `${root}.partial`;
  try {
    await mkdir(partial);
    let done = 0;
    const digests = await extractTar(bundle, partial, {
      signal: opts.signal,
      onBytes: (n) => opts.onProgress?.((done += n), st.size, 'Extracting'),
    });
    const { manifest, signature } = await checked(partial, bundle, digests, opts);
    await rename(partial, root);
    return { root, manifest, modelPath: path.join(root, manifest.model.path), format: 'tar.gz', signature };
  } catch (err) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Opening the bundle was cancelled.');
    throw err;
  }
}

/** The manifest once its signature passes the policy and every file matches it; else the first failure's error. */
async function checked(
  root: string,
  bundle: string,
  digests: Awaited<ReturnType<typeof extractTar>> | undefined,
  opts: OpenBundleOptions,
): Promise<{ manifest: Manifest; signature: SignatureStatus }> {
  // The signature first, over the raw bytes: it vouches for the manifest, and the manifest for the files.
  const bytes = await readManifestFile(root, path.basename(bundle));
  const signature = await bundleSignature(root, bytes, opts.signature?.trusted ?? []);
  enforceSignature(signature, opts.signature, path.basename(bundle));
  const manifest = parseManifestBytes(bytes, path.basename(bundle));
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const checks = await checkFiles(root, manifest, {
    digests,
    hashes: opts.hashes,
    signal: opts.signal,
    onBytes: (n) => opts.onProgress?.((done += n), total, 'Checking files'),
  });
  const bad = checks.find((c) => !c.ok);
  if (bad?.error) throw AppError.fromData(bad.error);
  return { manifest, signature };
}
