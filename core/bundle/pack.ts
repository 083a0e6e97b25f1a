// `pack`: a model → a bundle folder or .tar.gz, all or nothing. Everything is written beside the
// destination under a hidden temp name (same file system, so the final rename is atomic) and only
// renamed into place once complete; a failure or a cancel removes every temp file and folder.
import { randomBytes, type KeyObject } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type BundleFormat, type Manifest } from '../../shared/bundle/manifest';
import { SIGNATURE_FILE } from '../../shared/bundle/manifest-signature';
import { AppError, toErrorData } from '../../shared/errors';
import type { Metadata } from '../../shared/metadata/schema';
import type { ModelSummary } from '../../shared/model-summary';
import type { RuntimeService } from '../runtime/runtime-service';
import { signManifestBytes } from '../signing/ed25519';
import type { SampleInputs, SamplePolicy } from '../../shared/bundle/sample';
import { checkStageInput, stageBundle } from './stage';
import { tarBytes, writeTarGz } from './tar-write';

export interface PackOptions {
  modelPath: string;
  summary: ModelSummary;
  metadata: Metadata;
  samples?: SampleInputs[];
  /** The samples' size budget and which outputs they keep in full (default: shared/bundle/sample.ts's budget rule). */
  samplePolicy?: SamplePolicy;
  /** A folder to create, or a file ending .tar.gz / .tgz. */
  out: string;
  /** Default: from `out`'s name. */
  format?: BundleFormat;
  /** Replace an existing bundle at `out` (else FILE_EXISTS). A folder is only replaced if it is a bundle or empty. */
  overwrite?: boolean;
  /** Needed when there are samples (their expected outputs are computed by running the model). */
  runtime?: RuntimeService;
  signal?: AbortSignal;
  onProgress?: (doneBytes: number, totalBytes: number, label: string) => void;
  /** The manifest's createdAt (default now); fixed, two packs of the same input are byte-identical. */
  createdAt?: Date;
  /** An Ed25519 private key: writes modelcrate.sig, its signature over modelcrate.json's bytes. */
  signWith?: KeyObject;
}

export interface PackResult {
  path: string;
  format: BundleFormat;
  /** The .tar.gz's size, or the folder's files' total. */
  bytes: number;
  /** Of the .tar.gz, or of modelcrate.json for a folder (which pins every other file by its sha256). */
  sha256: string;
  manifest: Manifest;
  /** The signing key's id, when signed. */
  signedBy?: string;
}

export function formatOf(out: string): BundleFormat {
  return /\.(tar\.gz|tgz)$/i.test(out) ? 'tar.gz' : 'dir';
}

export async function packBundle(opts: PackOptions): Promise<PackResult> {
  const out = path.resolve(opts.out);
  const format = opts.format ?? formatOf(out);
  const samples = opts.samples ?? [];
  checkStageInput({ ...opts, samples });
  await checkDestination(out, format, !!opts.overwrite);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  const stageDir = format === 'dir' ? temp : `${temp}.d`;
  const dataBytes = opts.summary.file.bytes + opts.summary.externalData.reduce((n, e) => n + e.fileBytes, 0);
  let done = 0;
  let total = format === 'dir' ? dataBytes : 2 * dataBytes;
  const progress = (label: string) => (n: number) => opts.onProgress?.((done += n), Math.max(total, done), label);
  try {
    await mkdir(stageDir);
    const staged = await stageBundle(stageDir, {
      ...opts,
      samples,
      createdAt: opts.createdAt ?? new Date(),
      onBytes: progress('Copying the model'),
    });
    const { manifest } = staged;
    const sig = opts.signWith ? await writeSignature(stageDir, opts.signWith) : undefined;
    const signed = sig ? { signedBy: sig.keyId } : {};
    if (format === 'dir') {
      await moveIntoPlace(temp, out, !!opts.overwrite);
      const bytes = manifest.files.reduce((n, f) => n + f.size, staged.manifestDigest.size + (sig?.size ?? 0));
      return { path: out, format, bytes, sha256: staged.manifestDigest.sha256, manifest, ...signed };
    }
    // modelcrate.json first (then its signature): a reader can show what a bundle is without reading the weights.
    const order = [MANIFEST_FILE, ...(sig ? [SIGNATURE_FILE] : []), ...manifest.files.map((f) => f.path)];
    total = done + tarBytes([staged.manifestDigest.size, ...(sig ? [sig.size] : []), ...manifest.files.map((f) => f.size)]);
    const digest = await writeTarGz(stageDir, order, temp, { signal: opts.signal, onBytes: progress(`Writing ${path.basename(out)}`) });
    await rm(stageDir, { recursive: true, force: true });
    await moveIntoPlace(temp, out, !!opts.overwrite);
    return { path: out, format, bytes: digest.size, sha256: digest.sha256, manifest, ...signed };
  } catch (err) {
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    await rm(stageDir, { recursive: true, force: true }).catch(() => {});
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Packing was cancelled; nothing was written.');
    throw err instanceof AppError ? err : AppError.fromData(toErrorData(err));
  }
}

/** Signs the staged modelcrate.json's bytes and writes modelcrate.sig beside it. */
export async function writeSignature(dir: string, key: KeyObject): Promise<{ keyId: string; size: number }> {
  const sig = signManifestBytes(await readFile(path.join(dir, MANIFEST_FILE)), key);
  const text = `${JSON.stringify(sig, null, 2)}\n`;
  await writeFile(path.join(dir, SIGNATURE_FILE), text, { flag: 'wx' });
  await chmod(path.join(dir, SIGNATURE_FILE), 0o644);
  return { keyId: sig.keyId, size: Buffer.byteLength(text) };
}

async function exists(p: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** FILE_EXISTS unless `out` is free or may be replaced; a folder that is neither a bundle nor empty is never replaced. */
async function checkDestination(out: string, format: BundleFormat, overwrite: boolean): Promise<void> {
  const parent = await exists(path.dirname(out));
  if (!parent?.isDirectory())
    throw new AppError('FILE_NOT_FOUND', `The folder ${path.dirname(out)} does not exist.`, 'Create it first, or choose another --out.');
  const st = await exists(out);
  if (!st) return;
  if (!overwrite) throw new AppError('FILE_EXISTS', `${out} already exists.`, 'Choose another --out, or pass --force to replace it.');
  if (format === 'tar.gz' && !st.isFile())
    throw new AppError('FILE_EXISTS', `${out} exists and is not a file; it will not be replaced by a .tar.gz.`, 'Choose another --out.');
  if (format === 'dir') {
    const entries = st.isDirectory() ? await readdir(out) : undefined;
    if (!entries || (entries.length > 0 && !entries.includes(MANIFEST_FILE))) {
      throw new AppError(
        'FILE_EXISTS',
        `${out} exists and is not a bundle folder; Modelcrate will not replace it.`,
        'Choose another --out (a new folder name).',
      );
    }
  }
}

/** Renames the finished temp into place; an existing folder is moved aside first and removed after. */
async function moveIntoPlace(temp: string, out: string, overwrite: boolean): Promise<void> {
  const st = await exists(out);
  if (st && !overwrite)
    throw new AppError('FILE_EXISTS', `${out} appeared while the bundle was being written.`, 'Choose another --out, or pass --force.');
  if (!st?.isDirectory()) return void (await rename(temp, out)); // a file is replaced atomically
  const aside = `${temp}.old`;
  await rename(out, aside);
  try {
    await rename(temp, out);
  } catch (err) {
    await rename(aside, out).catch(() => {});
    throw err;
  }
  await rm(aside, { recursive: true, force: true });
}
