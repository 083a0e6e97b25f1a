// The lossless metadata writer: changes metadata_props, doc_string and model_version of an ONNX
// file while every other top-level record (the graph above all) is copied byte for byte, in its
// original order, without ever being decoded. Memory stays flat whatever the model size.
//
// External data: only the .onnx file is written; weight files are not touched. Their locations
// are relative to the model's folder, so they stay valid when `dest` is in the same folder as
// `src` (or is `src`). Writing to another folder leaves them behind: copying them is the caller's
// job.
import { lstat } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { replaceAtomically, throwIfAborted, writeError } from './atomic-file';
import { checkEdit, pieceLength, planEdit, type MetadataEdit, type Piece } from './edit-plan';
import { writePieces } from './piece-copy';
import { scanTopLevel } from './top-level-scan';

export type { MetadataEdit } from './edit-plan';

export interface WriteOptions {
  signal?: AbortSignal;
  /** Bytes written so far and in all (for the in-place write: the backup copy plus the model). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes `src` with `edit` applied to `dest` through a temp file in dest's folder, fsync and
 * rename: `dest` is either untouched or complete. `src === dest` is fine (no backup: see
 * writeModelMetadataInPlace). Errors are AppErrors (NOT_ONNX, MALFORMED, TRUNCATED, CANCELLED,
 * IO_ERROR, PERMISSION_DENIED…).
 */
export async function writeModelMetadata(
  src: string,
  dest: string,
  edit: MetadataEdit,
  opts: WriteOptions = {},
): Promise<{ bytes: number }> {
  checkEdit(edit);
  throwIfAborted(opts.signal);
  const scan = scanTopLevel(src);
  const pieces = planEdit(scan, edit);
  return { bytes: await writeOut(src, scan.size, dest, pieces, opts, 0) };
}

/**
 * Overwrites `file` with `edit` applied, after copying the original to a free `file.bak`,
 * `file.bak2`… (written and fsynced like the model itself). Returns the backup's path.
 */
export async function writeModelMetadataInPlace(
  file: string,
  edit: MetadataEdit,
  opts: WriteOptions = {},
): Promise<{ bytes: number; backup: string }> {
  checkEdit(edit);
  throwIfAborted(opts.signal);
  // Scan before the backup: a file we would refuse to write gets no backup either.
  const scan = scanTopLevel(file);
  const pieces = planEdit(scan, edit);
  const backup = await backupPath(file);
  const whole: Piece[] = [{ copy: [0, scan.size] }];
  const total = scan.size + pieces.reduce((n, p) => n + pieceLength(p), 0);
  await writeOut(file, scan.size, backup, whole, opts, 0, total);
  const bytes = await writeOut(file, scan.size, file, pieces, opts, scan.size, total);
  return { bytes, backup };
}

/** The first of `file.bak`, `file.bak2`, `file.bak3`… that does not exist yet. */
export async function backupPath(file: string): Promise<string> {
  for (let i = 1; i <= 10_000; i++) {
    const candidate = `${file}.bak${i === 1 ? '' : i}`;
    try {
      await lstat(candidate);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return candidate;
      throw writeError(err, candidate);
    }
  }
  throw new AppError('IO_ERROR', `Too many backups of ${file} already exist.`, 'Delete old .bak files next to the model and try again.');
}

async function writeOut(
  src: string,
  srcSize: number,
  dest: string,
  pieces: Piece[],
  opts: WriteOptions,
  base: number,
  total?: number,
): Promise<number> {
  const bytes = pieces.reduce((n, p) => n + pieceLength(p), 0);
  const all = total ?? bytes;
  let done = base;
  const onBytes = opts.onProgress && ((n: number) => opts.onProgress!((done += n), all));
  await replaceAtomically(dest, (temp) => writePieces(src, srcSize, temp, pieces, { signal: opts.signal, onBytes }), opts.signal);
  return bytes;
}
