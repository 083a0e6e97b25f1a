// A file opened for positioned reads. Synchronous reads are deliberate: the reader does a few
// thousand large window reads at most, and sync calls avoid a promise per read.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors';

export interface FileSource {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `buf` (short only at end of file). */
  read(buf: Buffer, offset: number, length: number, position: number): number;
  close(): void;
}

function fileError(err: unknown, path: string): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('FILE_NOT_FOUND', `File not found: ${path}`, 'Check the path and try again.');
    case 'EACCES':
    case 'EPERM':
      return new AppError('PERMISSION_DENIED', `Permission denied reading ${path}`, 'Check the file permissions.');
    case 'EISDIR':
      return new AppError('NOT_A_FILE', `Expected a model file but found a folder: ${path}`, 'Choose the .onnx file inside the folder.');
    default:
      return new AppError('IO_ERROR', `Could not read ${path}: ${(err as Error).message}`);
  }
}

export function openFileSource(path: string): FileSource {
  let fd: number;
  try {
    // stat first: opening a FIFO would block, and a folder opens fine but cannot be read.
    const st = statSync(path);
    if (st.isDirectory())
      throw new AppError('NOT_A_FILE', `Expected a model file but found a folder: ${path}`, 'Choose the .onnx file inside the folder.');
    if (!st.isFile()) throw new AppError('NOT_A_FILE', `Not a regular file: ${path}`, 'Choose an .onnx model file.');
    fd = openSync(path, 'r');
  } catch (err) {
    throw err instanceof AppError ? err : fileError(err, path);
  }
  let size: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new AppError('NOT_A_FILE', `Not a regular file: ${path}`, 'Choose an .onnx model file.');
    size = st.size;
  } catch (err) {
    closeSync(fd);
    throw err instanceof AppError ? err : fileError(err, path);
  }
  return {
    path,
    name: basename(path),
    size,
    read(buf, offset, length, position) {
      let done = 0;
      try {
        while (done < length) {
          const n = readSync(fd, buf, offset + done, length - done, position + done);
          if (n === 0) break;
          done += n;
        }
      } catch (err) {
        throw fileError(err, path);
      }
      return done;
    },
    close() {
      closeSync(fd);
    },
  };
}
