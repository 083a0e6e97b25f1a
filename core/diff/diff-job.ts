// The studio's model.diff job: two models the studio has open (a bundle's model counts as a
// bundle), compared by compareModels with the studio's runtime, progress and cancel from the job.
import path from 'node:path';
import type { DiffReport } from '../../shared/diff/types';
import type { SampleInputs } from '../../shared/bundle/sample';
import type { JobContext } from '../jobs/jobs';
import type { ModelRecord } from '../models/model-registry';
import type { RuntimeService } from '../runtime/runtime-service';
import { compareModels, type CompareSide } from './compare-models';

export interface DiffJobRequest {
  samples: SampleInputs[];
  run: boolean;
}

export function sideOf(m: ModelRecord): CompareSide {
  // Only names are shown: an uploaded copy's folder is a temp folder the user never chose.
  return {
    label: path.basename(m.displayPath),
    kind: m.origin === 'bundle' ? 'bundle' : 'model',
    filePath: m.filePath,
    summary: m.summary,
  };
}

export function diffJob(
  older: ModelRecord,
  newer: ModelRecord,
  req: DiffJobRequest,
  ctx: JobContext,
  runtime: RuntimeService,
): Promise<DiffReport> {
  return compareModels(sideOf(older), sideOf(newer), {
    runtime,
    run: req.run,
    samples: req.samples,
    signal: ctx.signal,
    progress: ctx.progress,
  });
}
