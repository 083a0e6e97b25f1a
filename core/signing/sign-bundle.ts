// `modelcrate sign <bundle>`: signs a bundle that already exists. Its files are checked against
// the manifest first (a tampered bundle is never signed), then modelcrate.sig is written: into a
// folder atomically, or for a .tar.gz by writing a new archive (manifest, signature, files, in the
// pack's reproducible form) beside it and renaming it over the old one (or to --out).
import { randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MANIFEST_FILE, type BundleFormat } from '../../shared/bundle/manifest';
import { SIGNATURE_FILE } from '../../shared/bundle/manifest-signature';
import { AppError } from '../../shared/errors';
import { readManifestFile } from '../bundle/bundle-files';
import { openBundle } from '../bundle/open';
import { writeTarGz } from '../bundle/tar-write';
import { writeFileAtomic } from '../fs/atomic-write';
import { signManifestBytes } from './ed25519';

export interface SignBundleOptions {
  /** For a .tar.gz: where to write the signed archive (default: replace the original). */
  out?: string;
  signal?: AbortSignal;
}

export interface SignedBundle {
  path: string;
  format: BundleFormat;
  keyId: string;
  /** The bundle already carried a valid signature, now replaced. */
  replaced: boolean;
}

export async function signBundle(bundlePath: string, key: KeyObject, opts: SignBundleOptions = {}): Promise<SignedBundle> {
  const bundle = path.resolve(bundlePath);
  if (opts.out && (await stat(bundle).catch(() => null))?.isDirectory())
    throw new AppError(
      'INVALID_REQUEST',
      '--out is for a .tar.gz bundle; a folder bundle is signed in place.',
      'Drop --out, or copy the folder first.',
    );
  const temp = await mkdtemp(path.join(os.tmpdir(), 'mc-sign-'));
  try {
    // Hashes checked, an invalid signature refused (SIGNATURE_INVALID says to get the bundle again).
    const opened = await openBundle(bundle, temp, { signal: opts.signal });
    const bytes = await readManifestFile(opened.root, path.basename(bundle));
    const sig = signManifestBytes(bytes, key);
    const text = `${JSON.stringify(sig, null, 2)}\n`;
    const replaced = opened.signature.state !== 'unsigned';
    if (opened.format === 'dir') {
      await writeFileAtomic(path.join(bundle, SIGNATURE_FILE), text);
      await chmod(path.join(bundle, SIGNATURE_FILE), 0o644);
      return { path: bundle, format: 'dir', keyId: sig.keyId, replaced };
    }
    await writeFileAtomic(path.join(opened.root, SIGNATURE_FILE), text);
    await chmod(path.join(opened.root, SIGNATURE_FILE), 0o644);
    const out = path.resolve(opts.out ?? bundle);
    const partial = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
    try {
      await writeTarGz(opened.root, [MANIFEST_FILE, SIGNATURE_FILE, ...opened.manifest.files.map((f) => f.path)], partial, {
        signal: opts.signal,
      });
      await rename(partial, out);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    return { path: out, format: 'tar.gz', keyId: sig.keyId, replaced };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
