// Checks external-data references the way ONNX's docs/ExternalDataSecurity.md asks: a location
// must be a relative path inside the model's folder, without `..`, not a symlink (itself or via a
// folder) and not a hard link — otherwise a crafted model could make us read any file the user can.
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep, win32 } from 'node:path';
import type { ExternalDataFile } from '../../shared/model-summary';
import { AppError } from '../../shared/errors';
import type { ExternalRef } from './tensor';

const RELATIVE_HINT =
  "Keep external data files next to the model and save it with a relative location, e.g. onnx.save_model(model, path, save_as_external_data=True, location='weights.bin').";

function unsafe(ref: ExternalRef, why: string, hint = RELATIVE_HINT): AppError {
  return new AppError(
    'EXTERNAL_DATA_UNSAFE',
    `Tensor '${ref.tensor}' keeps its data in '${ref.location}', ${why}; Modelcrate refuses to read it.`,
    hint,
  );
}

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
};

export class ExternalDataChecker {
  private readonly dir: string;
  private realDir: string | undefined;
  private readonly files = new Map<string, ExternalDataFile>();

  constructor(modelPath: string) {
    this.dir = dirname(resolve(modelPath));
  }

  /** Validates one reference (throws AppError) and adds its bytes to the file's total. */
  check(ref: ExternalRef): void {
    let file = this.files.get(ref.location);
    if (!file) {
      file = { location: ref.location, bytes: 0, fileBytes: this.statSafe(ref) };
      this.files.set(ref.location, file);
    }
    if (ref.offset + ref.length > file.fileBytes) {
      throw new AppError(
        'EXTERNAL_DATA_OUT_OF_RANGE',
        `Tensor '${ref.tensor}' needs bytes ${ref.offset}–${ref.offset + ref.length} of '${ref.location}', but that file has only ${file.fileBytes} bytes.`,
        'The weights file is incomplete or belongs to another version of the model; copy it again together with the model.',
      );
    }
    file.bytes += ref.length;
  }

  /** Files referenced, sorted by location so the output is stable. */
  list(): ExternalDataFile[] {
    return [...this.files.values()].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  }

  private statSafe(ref: ExternalRef): number {
    const loc = ref.location;
    if (isAbsolute(loc) || win32.isAbsolute(loc) || /^[A-Za-z]:/.test(loc)) {
      throw unsafe(ref, 'which is an absolute path');
    }
    if (loc.split(/[\\/]/).includes('..')) throw unsafe(ref, "which uses '..' to leave the model's folder");
    if (loc.includes('\0')) throw unsafe(ref, 'which contains a NUL character');
    const full = resolve(this.dir, loc);
    if (!inside(this.dir, full)) throw unsafe(ref, "which is outside the model's folder");

    let st;
    try {
      st = lstatSync(full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new AppError(
          'EXTERNAL_DATA_MISSING',
          `Tensor '${ref.tensor}' keeps its data in '${loc}', but that file is not in the model's folder (${this.dir}).`,
          `Copy '${loc}' (it comes with the model) next to the .onnx file and open the model again.`,
        );
      }
      throw new AppError('IO_ERROR', `Could not check '${loc}' for tensor '${ref.tensor}': ${(err as Error).message}`);
    }
    if (st.isSymbolicLink())
      throw unsafe(ref, 'which is a symbolic link', 'Replace the link with the real file (copy it next to the model).');
    if (!st.isFile()) throw unsafe(ref, 'which is not a regular file');
    if (st.nlink > 1) {
      throw unsafe(
        ref,
        'which has other hard links (it may be a file from elsewhere)',
        'Copy the file next to the model instead of hard-linking it.',
      );
    }
    // A regular file can still be reached through a symlinked folder ("data/weights.bin").
    this.realDir ??= realpathSync(this.dir);
    if (!inside(this.realDir, realpathSync(full))) {
      throw unsafe(
        ref,
        "which is reached through a symbolic link that leads outside the model's folder",
        'Replace the linked folder with a real folder holding the file.',
      );
    }
    return st.size;
  }
}
