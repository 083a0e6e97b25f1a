// Paths known to the main side, handed to the page as opaque ids: files the studio wrote (browser
// mode downloads them; the desktop shows them in their folder) and targets the user chose in a
// native save dialog. The page never holds a path it could change: only ids registered here work.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { newId } from '../ids';

export class PathTokens {
  private readonly paths = new Map<string, string>();

  /** `unknown` is the error an id that was never registered (or is stale) gets. */
  constructor(private readonly unknown: { message: string; hint: string }) {}

  register(filePath: string): string {
    const id = newId();
    this.paths.set(id, path.resolve(filePath));
    return id;
  }

  pathOf(id: string): string {
    const p = this.paths.get(id);
    if (!p) throw new AppError('FILE_NOT_FOUND', this.unknown.message, this.unknown.hint);
    return p;
  }
}
