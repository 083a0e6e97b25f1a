// The non-ONNX model files the studio has read, by id (the renderer never holds their paths), as
// ModelRegistry does for ONNX models. A record keeps what preview and convert need.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { OpenedForeign } from '../../shared/contract';
import type { ForeignModel } from '../../shared/formats/types';
import { newId } from '../ids';
import { readForeign } from './read-foreign';

export interface ForeignRecord {
  fileId: string;
  filePath: string;
  displayPath: string;
  /** Where a converted model goes by default: beside the file, or the data folder for an upload. */
  outputDir: string;
  model: ForeignModel;
}

export class ForeignRegistry {
  private readonly files = new Map<string, ForeignRecord>();

  /** Reads the file if it is a foreign format; null when it is not (try ONNX). */
  async open(filePath: string, as: { displayPath?: string; outputDir?: string } = {}): Promise<OpenedForeign | null> {
    const absolute = path.resolve(filePath);
    const read = await readForeign(absolute);
    if (!read) return null;
    const fileId = newId();
    const displayPath = as.displayPath ?? absolute;
    this.files.set(fileId, {
      fileId,
      filePath: absolute,
      displayPath,
      outputDir: as.outputDir ?? path.dirname(absolute),
      model: read.model,
    });
    return { kind: 'foreign', fileId, fileName: path.basename(displayPath), displayPath, model: read.model, readMs: read.readMs };
  }

  get(fileId: string): ForeignRecord {
    const file = this.files.get(fileId);
    if (!file) throw new AppError('MODEL_NOT_OPEN', `No open file has the id ${fileId}.`, 'Open the file again.');
    return file;
  }

  close(fileId: string): boolean {
    return this.files.delete(fileId);
  }
}
