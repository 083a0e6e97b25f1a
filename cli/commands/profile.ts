import path from 'node:path';
import type { SessionOptions } from '../../shared/predictions';
import { loadInputs } from '../../core/inputs/load-inputs';
import { profileModel } from '../../core/runtime/profile';
import { formatProfile } from '../format-predictions';
import { withModelRuntime } from '../model-runtime';
import { runCommand } from '../run-command';
import { statusLine } from '../status-line';

export interface ProfileCommandOptions {
  runs: number;
  warmup: number;
  batch: number[];
  dims?: Record<string, number>;
  /** Inputs to time instead of generated ones (predict's forms). */
  inputs?: string[];
  threads?: number;
  json: boolean;
}

/**
 * `modelcrate profile`: latency percentiles per batch size, load time and the runtime's peak RSS.
 * Exit 2 with one error line (any failure, a bug too: the README promises it).
 */
export function profileCommand(model: string, opts: ProfileCommandOptions): Promise<void> {
  return runCommand({ bugExit: 2 }, (signal) =>
    withModelRuntime(model, async (ref, runtime) => {
      const session: SessionOptions = opts.threads ? { intraOpNumThreads: opts.threads } : {};
      const status = statusLine();
      const given = opts.inputs
        ? await loadInputs(opts.inputs, ref.summary.graph.inputs, { dims: opts.dims, outputs: ref.summary.graph.outputs })
        : undefined;
      const result = await profileModel(
        runtime,
        ref,
        { runs: opts.runs, warmup: opts.warmup, batchSizes: opts.batch, dims: opts.dims, session, ...(given ? { inputs: given } : {}) },
        {
          signal,
          progress: (done, total, label) => status.show(`${label} (${done}/${total ?? '?'})`),
        },
      ).finally(status.clear);
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${formatProfile(path.basename(ref.filePath), result)}\n`);
    }),
  );
}
