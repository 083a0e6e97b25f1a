import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppError } from '../../shared/errors';
import type { OpenedModel } from '../../shared/contract';
import type { ModelSummary } from '../../shared/model-summary';
import { newId } from '../ids';
import type { ModelHandle } from '../runtime/predictor';

export type SummaryReader = (filePath: string) => Promise<ModelSummary>;

/** Where a model came from: a file the user chose, an uploaded copy, or inside a bundle. */
export type ModelOrigin = 'file' | 'upload' | 'bundle';

/**
 * The registry's record of a model the studio has open (the renderer gets an OpenedModel: its id,
 * name and summary, never the path). A record is also the model's runtime handle.
 */
export interface ModelRecord extends ModelHandle {
  /** What the user sees: the path they chose, or only the file name for an uploaded copy. */
  displayPath: string;
  origin: ModelOrigin;
  /** Came through an upload: its folder is a temp folder the user never chose, so only names are shown. */
  uploaded: boolean;
  /**
   * Where files made from this model (a saved copy, a bundle) go: beside the model, except for a
   * model inside a bundle, whose folder must stay as packed: beside the bundle.
   */
  outputDir: string;
}

export interface OpenAs {
  displayPath?: string;
  origin?: ModelOrigin;
  uploaded?: boolean;
  outputDir?: string;
}

/**
 * The models this studio has open. The renderer only ever holds a modelId; the path stays here.
 */
export class ModelRegistry {
  private readonly models = new Map<string, ModelRecord>();

  constructor(private readonly readSummary: SummaryReader) {}

  async open(filePath: string, as: OpenAs = {}): Promise<OpenedModel> {
    const absolute = path.resolve(filePath);
    const started = performance.now();
    const summary = await this.readSummary(absolute);
    const readMs = Math.round((performance.now() - started) * 10) / 10;
    const modelId = newId();
    const displayPath = as.displayPath ?? absolute;
    this.models.set(modelId, {
      modelId,
      filePath: absolute,
      displayPath,
      origin: as.origin ?? 'file',
      uploaded: as.uploaded ?? as.origin === 'upload',
      outputDir: as.outputDir ?? path.dirname(absolute),
      summary,
    });
    return { modelId, fileName: path.basename(absolute), displayPath, summary, readMs };
  }

  get(modelId: string): ModelRecord {
    const model = this.models.get(modelId);
    if (!model) throw new AppError('MODEL_NOT_OPEN', `No open model has the id ${modelId}.`, 'Open the model again.');
    return model;
  }

  close(modelId: string): boolean {
    return this.models.delete(modelId);
  }
}
