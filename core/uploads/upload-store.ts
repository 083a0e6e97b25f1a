import { createWriteStream } from 'node:fs';
import { mkdtemp, mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileNameSchema } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { UploadReceipt } from '../../shared/ws-protocol';
import { newId } from '../ids';

/**
 * Files dropped into the browser UI. A browser cannot give us a path, so the bytes are streamed
 * into a private temp folder (one sub-folder per group, so a model finds its external-data files
 * beside it) and removed when the host stops.
 */
export class UploadStore {
  private root: string | undefined;
  private readonly groups = new Map<string, string>();

  constructor(private readonly maxBytes = 8 * 1024 ** 3) {}

  async receive(body: Readable, fileName: string, uploadId?: string): Promise<UploadReceipt> {
    const name = fileNameSchema.safeParse(fileName);
    if (!name.success) throw new AppError('INVALID_REQUEST', `Not a plain file name: ${JSON.stringify(fileName)}.`);
    const id = uploadId ?? newId();
    const dir = await this.groupDir(id, uploadId === undefined);
    const target = path.join(dir, name.data);
    const partial = `${target}.part`;
    let bytes = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > limit)
          done(
            new AppError(
              'TOO_LARGE',
              `The upload is larger than ${limit} bytes.`,
              'Open large models with the desktop app or `modelcrate studio <model>`.',
            ),
          );
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    return { uploadId: id, fileName: name.data, bytes };
  }

  /** Path of an uploaded file; only files received into that group resolve. */
  async pathOf(uploadId: string, fileName: string): Promise<string> {
    const dir = this.groups.get(uploadId);
    const name = fileNameSchema.safeParse(fileName);
    if (!dir || !name.success) throw new AppError('FILE_NOT_FOUND', 'That upload is not known to this studio.', 'Drop the file again.');
    const file = path.join(dir, name.data);
    const s = await stat(file).catch(() => null);
    if (!s?.isFile()) throw new AppError('FILE_NOT_FOUND', `${name.data} was not uploaded.`, 'Drop the file again.');
    return file;
  }

  async dispose(): Promise<void> {
    if (this.root) await rm(this.root, { recursive: true, force: true });
    this.root = undefined;
    this.groups.clear();
  }

  private async groupDir(id: string, create: boolean): Promise<string> {
    const existing = this.groups.get(id);
    if (existing) return existing;
    if (!create) throw new AppError('INVALID_REQUEST', 'Unknown upload group.', 'Drop the files again.');
    this.root ??= await mkdtemp(path.join(os.tmpdir(), 'modelcrate-uploads-'));
    const dir = path.join(this.root, id);
    await mkdir(dir, { mode: 0o700 });
    this.groups.set(id, dir);
    return dir;
  }
}
