import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../shared/errors';
import type { OpenedModel } from '../../../shared/contract';
import type { ModelSummary } from '../../../shared/model-summary';
import { newId } from '../ids';

export type SummaryReader = (filePath: string) => Promise<ModelSummary>;

export interface OpenModel {
  modelId: string;
  filePath: string;
  /** What the user sees: the path they chose, or only the file name for an uploaded copy. */
  displayPath: string;
  summary: ModelSummary;
}

/**
 * The models this studio has open. The renderer only ever holds a modelId; the path stays here.
 */
export class ModelRegistry {
  private readonly models = new Map<string, OpenModel>();

  constructor(private readonly readSummary: SummaryReader) {}

  async open(filePath: string, displayPath?: string): Promise<OpenedModel> {
    const absolute = path.resolve(filePath);
    const started = performance.now();
    const summary = await this.readSummary(absolute);
    const readMs = Math.round((performance.now() - started) * 10) / 10;
    const modelId = newId();
    this.models.set(modelId, { modelId, filePath: absolute, displayPath: displayPath ?? absolute, summary });
    return { modelId, fileName: path.basename(absolute), displayPath: displayPath ?? absolute, summary, readMs };
  }

  get(modelId: string): OpenModel {
    const model = this.models.get(modelId);
    if (!model) throw new AppError('MODEL_NOT_OPEN', `No open model has the id ${modelId}.`, 'Open the model again.');
    return model;
  }

  close(modelId: string): boolean {
    return this.models.delete(modelId);
  }
}
