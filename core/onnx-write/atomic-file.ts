// Replaces a file atomically: the new content goes to a temp file in the destination's own folder
// (rename is only atomic within one file system), is fsynced, renamed over the destination, and
// the folder is fsynced so the rename itself survives a crash. On any failure or cancel the temp
// file is removed and the destination is untouched.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';

export function cancelled(): AppError {
  return new AppError('CANCELLED', 'Writing the model was cancelled; the destination was left as it was.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

/** A failed write as an AppError that says what to do. */
export function writeError(err: unknown, path: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as NodeJS.ErrnoException;
  const folder = dirname(path);
  switch (e.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError(
        'DISK_FULL',
        `The disk is full: could not write ${path}.`,
        'Free some disk space (the model needs its own size again while it is written) and try again.',
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppError('PERMISSION_DENIED', `Cannot write in ${folder}.`, 'Choose a folder you can write to, or check its permissions.');
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('FILE_NOT_FOUND', `The folder ${folder} does not exist.`, 'Choose an existing folder and try again.');
    case 'EISDIR':
      return new AppError('NOT_A_FILE', `${path} is a folder, not a file.`, 'Choose a file name for the model.');
    default:
      return new AppError('IO_ERROR', `Could not write ${path}: ${e.message ?? String(err)}`, 'Check the disk and try again.');
  }
}

/**
 * Calls `fill(tempPath)` to create and write the temp file, then makes it `dest`. Note a symlink
 * at `dest` is replaced by the new file, not followed.
 */
export async function replaceAtomically(dest: string, fill: (temp: string) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const folder = dirname(dest);
  const temp = join(folder, `.${basename(dest)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    throwIfAborted(signal);
    await fill(temp);
    const fh = await open(temp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    // The last moment a cancel can still leave `dest` untouched.
    throwIfAborted(signal);
    await rename(temp, dest);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {});
    throw writeError(err, dest);
  }
  await syncFolder(folder);
}

/** Best effort: Windows cannot open a folder for fsync, and some file systems refuse it. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const fh = await open(folder, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // The rename is done; only its durability across a power cut is less certain here.
  }
}
