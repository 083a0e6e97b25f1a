// A bundle's files against its manifest: every listed file there with its size and sha256, nothing
// unlisted beside them, no links. Shared by verify (which reports every file) and open (which
// stops at the first problem).
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, parseManifest, type Manifest } from '../../shared/bundle/manifest';
import { SIGNATURE_FILE } from '../../shared/bundle/manifest-signature';
import { AppError, toErrorData, type ErrorData } from '../../shared/errors';
import { hashFile, throwIfCancelled, type Digest } from './hash-file';

export interface FileCheck {
  name: string;
  ok: boolean;
  message: string;
  error?: ErrorData;
}

const TAMPERED_HINT = 'The bundle was changed after it was packed (or damaged in transfer); get it again or pack the model again.';

/** Reads and parses modelcrate.json, or BUNDLE_INVALID saying what is wrong. */
export async function readManifest(root: string, where: string): Promise<Manifest> {
  return parseManifestBytes(await readManifestFile(root, where), where);
}

/** modelcrate.json's bytes, or BUNDLE_INVALID when there is none. */
export async function readManifestFile(root: string, where: string): Promise<Buffer> {
  try {
    return await readFile(path.join(root, MANIFEST_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError(
        'BUNDLE_INVALID',
        `${where} has no ${MANIFEST_FILE}; it is not a Modelcrate bundle.`,
        'Choose a folder or .tar.gz made by `modelcrate pack`.',
      );
    throw err;
  }
}

export function parseManifestBytes(bytes: Buffer, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new AppError('BUNDLE_INVALID', `${where}: ${MANIFEST_FILE} is not valid JSON (${(err as Error).message}).`, TAMPERED_HINT);
  }
  return parseManifest(json, where);
}

/** Every file under root (bundle-relative, '/'-separated) with its size; links and special files are BUNDLE_UNSAFE. */
export async function listFiles(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (rel: string): Promise<void> => {
    for (const d of await readdir(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) await walk(child);
      else if (d.isFile()) out.set(child, (await lstat(path.join(root, child))).size);
      else {
        const what = d.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
        throw new AppError(
          'BUNDLE_UNSAFE',
          `The bundle's "${child}" is ${what}; Modelcrate refuses to use it.`,
          'Replace it with the real file, or pack the model again.',
        );
      }
    }
  };
  await walk('');
  return out;
}

export interface CheckFilesOptions {
  /** Digests already known (computed while extracting): those files are not read again. */
  digests?: Map<string, Digest>;
  /** False: sizes only (quick open of a bundle that will be verified later). Default true. */
  hashes?: boolean;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

/** One check per listed file plus one for unlisted files; never throws for a mismatch (it is reported). */
export async function checkFiles(root: string, manifest: Manifest, opts: CheckFilesOptions = {}): Promise<FileCheck[]> {
  const present = await listFiles(root);
  present.delete(MANIFEST_FILE);
  // The detached signature signs modelcrate.json, so it cannot be listed in it; it is checked on its own.
  present.delete(SIGNATURE_FILE);
  const checks: FileCheck[] = [];
  const tampered = (name: string, message: string): FileCheck => ({
    name,
    ok: false,
    message,
    error: { code: 'BUNDLE_TAMPERED', message, hint: TAMPERED_HINT },
  });
  for (const f of manifest.files) {
    throwIfCancelled(opts.signal, 'Checking the bundle');
    const name = `file ${f.path}`;
    const size = present.get(f.path);
    present.delete(f.path);
    if (size === undefined) {
      checks.push(tampered(name, `"${f.path}" is listed in ${MANIFEST_FILE} but missing from the bundle.`));
      continue;
    }
    if (size !== f.size) {
      checks.push(tampered(name, `"${f.path}" has ${size} bytes; ${MANIFEST_FILE} says ${f.size}.`));
      continue;
    }
    if (opts.hashes === false) {
      checks.push({ name, ok: true, message: `${f.size} bytes` });
      continue;
    }
    try {
      const known = opts.digests?.get(f.path);
      const d = known ?? (await hashFile(path.join(root, f.path), { signal: opts.signal, onBytes: opts.onBytes }));
      if (known) opts.onBytes?.(known.size);
      checks.push(
        d.sha256 === f.sha256
          ? { name, ok: true, message: `${f.size} bytes, sha256 ${f.sha256.slice(0, 12)}…` }
          : tampered(name, `"${f.path}" does not match its sha256 in ${MANIFEST_FILE} (expected ${f.sha256}, found ${d.sha256}).`),
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'CANCELLED') throw err;
      const error = toErrorData(err);
      checks.push({ name, ok: false, message: error.message, error });
    }
  }
  const extra = [...present.keys()].sort();
  checks.push(
    extra.length
      ? tampered(
          'no unlisted files',
          `The bundle has ${extra.length === 1 ? 'a file' : 'files'} not listed in ${MANIFEST_FILE}: ${extra.map((p) => `"${p}"`).join(', ')}.`,
        )
      : { name: 'no unlisted files', ok: true, message: `${manifest.files.length} files, as listed` },
  );
  return checks;
}
