// A bundle folder → .tar.gz, streamed (memory flat) and reproducible: the same files give the same
// bytes on any machine. Entries are listed explicitly in a fixed order (no directory entries, no
// readdir order), with a fixed mtime, no owner (tar's `portable`), modes normalised by the caller,
// and the gzip header's OS byte set to "unknown" as tar's own portable gzip does.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { create } from 'tar';
import { AppError } from '../../shared/errors';
import type { Digest } from './hash-file';

/** 2000-01-01T00:00:00Z: any fixed date; tar readers show it as the files' time. */
export const TAR_MTIME = new Date(Date.UTC(2000, 0, 1));

/**
 * Level 6 (gzip's default). Float weights barely compress (a few %), so every level costs time for
 * little; 6 keeps the JSON, README and any zero-filled tensors small without going to 9's cost.
 */
const GZIP_LEVEL = 6;

export interface TarOptions {
  signal?: AbortSignal;
  /** Uncompressed tar bytes produced since the last call (headers included). */
  onBytes?: (n: number) => void;
}

/** What the tar stream will carry for files of these sizes: a 512-byte header each, data padded to 512, two zero blocks. */
export function tarBytes(sizes: number[]): number {
  return sizes.reduce((n, s) => n + 512 + Math.ceil(s / 512) * 512, 0) + 1024;
}

/**
 * Writes `files` (paths relative to `root`, in this order) as a gzipped tar to `dest` (created,
 * never overwritten); returns the .tar.gz's size and sha256, hashed on its way to the disk.
 */
export async function writeTarGz(root: string, files: string[], dest: string, opts: TarOptions = {}): Promise<Digest> {
  const pack = create({ cwd: root, portable: true, mtime: TAR_MTIME, noDirRecurse: true, strict: true }, files);
  let written = 0;
  const hash = createHash('sha256');
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      opts.onBytes?.(chunk.length);
      cb(null, chunk);
    },
  });
  const portableHeader = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      // Byte 9 of a gzip member is the OS that wrote it (3 on Unix, 10 on Windows): 255 = unknown.
      if (written <= 9 && written + chunk.length > 9) chunk[9 - written] = 0xff;
      written += chunk.length;
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(
      pack,
      count,
      createGzip({ level: GZIP_LEVEL, memLevel: constants.Z_DEFAULT_MEMLEVEL }),
      portableHeader,
      createWriteStream(dest, { flags: 'wx', mode: 0o644 }),
      { signal: opts.signal },
    );
  } catch (err) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Writing the .tar.gz was cancelled.');
    throw err;
  }
  return { size: written, sha256: hash.digest('hex') };
}
