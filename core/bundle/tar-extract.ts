// Extracts a bundle tarball (.tar.gz, or plain .tar) into an empty folder, refusing every entry
// that could write outside it or point elsewhere (ONNX's external-data rules,
// docs/reference.md §ONNX external data, applied to archives): absolute paths, '..', links of any
// kind, devices, FIFOs. We write each file ourselves instead of using tar's extractor, which strips
// such entries with a warning and carries on: a bundle that tries it is refused as a whole. Files
// are hashed as they are written, so checking them against the manifest needs no second read.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { isSafeBundlePath, MANIFEST_FILE } from '../../shared/bundle/manifest';
import { ManifestLimits } from './manifest-limits';
import { AppError } from '../../shared/errors';
import type { Digest } from './hash-file';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const MAX_RATIO = 1000;

async function isGzip(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Compressed bytes read since the last call. */
  onBytes?: (n: number) => void;
}

function unsafe(entry: string, why: string): AppError {
  return new AppError(
    'BUNDLE_UNSAFE',
    `The bundle's entry "${entry}" ${why}; Modelcrate refuses to open it.`,
    'Only open bundles from sources you trust; pack the model again with `modelcrate pack`.',
  );
}

function invalidArchive(file: string, why: string): AppError {
  // The likeliest mistake: the model itself given where its bundle was meant (verify, push, build, serve).
  if (/\.onnx$/i.test(file)) {
    const name = path.basename(file);
    return new AppError(
      'BUNDLE_INVALID',
      `${name} is an ONNX model, not a bundle (a folder or .tar.gz made by \`modelcrate pack\`).`,
      `Pack it first: \`modelcrate pack ${name}\` writes <name>-<version>.tar.gz beside it; then use that.`,
    );
  }
  return new AppError(
    'BUNDLE_INVALID',
    `${path.basename(file)} is not a readable .tar.gz: ${why}.`,
    'The file is damaged or is not a bundle; get it again or pack the model again.',
  );
}

/** Bundle-relative path of an entry (tar's "./" prefix and a directory's trailing "/" dropped), or BUNDLE_UNSAFE. */
export function entryPath(raw: string, type: string, linkpath?: string): string {
  if (type === 'SymbolicLink') throw unsafe(raw, `is a symbolic link (to "${linkpath ?? ''}")`);
  if (type === 'Link') throw unsafe(raw, `is a hard link (to "${linkpath ?? ''}")`);
  if (!FILE_TYPES.has(type) && type !== 'Directory') throw unsafe(raw, `is a ${type}, not a file or folder`);
  let p = raw;
  while (p.startsWith('./')) p = p.slice(2);
  if (type === 'Directory' && p.endsWith('/')) p = p.slice(0, -1);
  if (p === '' && type === 'Directory') return '';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) throw unsafe(raw, 'is an absolute path');
  if (p.split(/[\\/]/).includes('..')) throw unsafe(raw, "uses '..' to leave the bundle's folder");
  if (!isSafeBundlePath(p))
    throw unsafe(raw, 'has a path that is not a plain relative path (empty or "." segments, backslashes or control characters)');
  return p;
}

/** Extracts `file` into `dest` (an existing, empty folder); returns each file's size and sha256 by bundle path. */
export async function extractTar(file: string, dest: string, opts: ExtractOptions = {}): Promise<Map<string, Digest>> {
  const root = path.resolve(dest);
  const digests = new Map<string, Digest>();
  const writes: Array<Promise<void>> = [];
  const parser = new Parser({ strict: true });
  const limits = new ManifestLimits(root);
  let failure: unknown;
  let sink: Writable | undefined;
  const fail = (err: unknown) => {
    failure ??= err;
    sink?.destroy(failure as Error);
  };
  parser.on('error', (err: Error) => fail(invalidArchive(file, err.message)));
  parser.on('entry', (entry: ReadEntry) => {
    if (failure) return void entry.resume();
    try {
      const rel = entryPath(entry.path, entry.type, entry.linkpath);
      const abs = path.resolve(root, rel);
      // Belt and braces: the checks above already keep `abs` inside `root`.
      if (abs !== root && !abs.startsWith(root + path.sep)) throw unsafe(entry.path, 'would land outside the bundle folder');
      if (entry.type === 'Directory') {
        writes.push(mkdir(abs, { recursive: true, mode: 0o755 }).then(() => {}));
        return void entry.resume();
      }
      if (digests.has(rel)) throw unsafe(entry.path, 'appears twice in the archive');
      digests.set(rel, { size: -1, sha256: '' });
      if (limits.isLeadingManifest(rel, MANIFEST_FILE)) {
        // Read whole (it is small) so its file list bounds every entry after it.
        writes.push(limits.readManifest(entry, abs).then((d) => void digests.set(rel, d), fail));
        return;
      }
      limits.check(rel, entry.size ?? 0);
      writes.push(writeEntry(entry, abs).then((d) => void digests.set(rel, d), fail));
    } catch (err) {
      fail(err);
      entry.resume();
    }
  });
  const ended = new Promise<void>((resolve) => parser.on('end', () => resolve()));
  sink = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, cb) {
      if (parser.write(chunk)) cb();
      else parser.once('drain', () => cb());
    },
    final(cb) {
      parser.end();
      ended.then(() => cb(), cb);
    },
  });
  // We gunzip, not the tar parser: its inflater turns each compressed chunk into all of its output
  // at once (a 1 MiB read of well-compressed weights became hundreds of MB in memory), where a zlib
  // stream hands out 64 KiB at a time and waits for the parser.
  const gzipped = await isGzip(file);
  let compressed = 0;
  let inflated = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      compressed += chunk.length;
      opts.onBytes?.(chunk.length);
      cb(null, chunk);
    },
  });
  const ratio = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      inflated += chunk.length;
      // tar's own limit: nothing a real bundle needs, and it stops a small file from filling the disk.
      if (inflated > 1 << 26 && inflated > MAX_RATIO * compressed) {
        return cb(
          new AppError(
            'BUNDLE_UNSAFE',
            `${path.basename(file)} inflates more than ${MAX_RATIO}× its size (a decompression bomb); Modelcrate refuses to open it.`,
            'Only open bundles from sources you trust.',
          ),
        );
      }
      cb(null, chunk);
    },
  });
  const source = createReadStream(file, { highWaterMark: 64 << 10 });
  try {
    await (gzipped
      ? pipeline(source, counter, createGunzip({ chunkSize: 64 << 10 }), ratio, sink, { signal: opts.signal })
      : pipeline(source, counter, sink, { signal: opts.signal }));
    await Promise.all(writes);
  } catch (err) {
    await Promise.allSettled(writes);
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Opening the bundle was cancelled.');
    if (failure) throw failure;
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR for a truncated file): the archive is damaged.
    if (String((err as { code?: unknown }).code).startsWith('Z_')) throw invalidArchive(file, (err as Error).message);
    throw err;
  }
  if (failure) throw failure;
  return digests;
}

function writeEntry(entry: ReadEntry, abs: string): Promise<Digest> {
  return new Promise<Digest>((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    void mkdir(path.dirname(abs), { recursive: true, mode: 0o755 }).then(
      () => {
        // 'wx': never follow or replace anything already there.
        const out = createWriteStream(abs, { flags: 'wx', mode: 0o644 });
        out.on('error', (err) => {
          entry.resume();
          reject(err);
        });
        out.on('finish', () => resolve({ size, sha256: hash.digest('hex') }));
        entry.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          if (!out.write(chunk)) {
            entry.pause();
            out.once('drain', () => entry.resume());
          }
        });
        entry.on('end', () => out.end());
      },
      (err: unknown) => {
        entry.resume();
        reject(err);
      },
    );
  });
}
