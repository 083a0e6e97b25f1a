// Files the studio wrote for the user (a model with new metadata, a bundle), by id. In browser mode
// the page cannot reach the host's folders, least of all the temp folder uploads live in, so it
// downloads them by id; only files registered here can be downloaded, never an arbitrary path.
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { newId } from '../ids';

export class WrittenFiles {
  private readonly files = new Map<string, string>();

  register(filePath: string): string {
    const id = newId();
    this.files.set(id, path.resolve(filePath));
    return id;
  }

  pathOf(id: string): string {
    const p = this.files.get(id);
    if (!p) throw new AppError('FILE_NOT_FOUND', 'The studio has written no file with this id.', 'Save or pack again, then download.');
    return p;
  }
}
