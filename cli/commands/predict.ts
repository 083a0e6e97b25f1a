import path from 'node:path';
import { loadInputs } from '../../core/inputs/load-inputs';
import { Predictor } from '../../core/runtime/predictor';
import type { SessionOptions } from '../../shared/predictions';
import { wireMapToJsonMap } from '../../shared/tensor-wire';
import { formatPrediction } from '../format-predictions';
import { withModelRuntime } from '../model-runtime';
import { runCommand } from '../run-command';

export interface PredictCommandOptions {
  /** JSON files, test-data folders, name=file.npy|.pb|.json|image, name=zeros|ones|random[:seed]. */
  inputs: string[];
  json: boolean;
  dims?: Record<string, number>;
  threads?: number;
}

/**
 * `modelcrate predict`: with --json, one line `{"outputs": {"<name>": {"type","shape","data"}}}` on
 * stdout (the JSON form of tensors, docs/architecture.md); otherwise a readable report. Exit 2 with one error line (any
 * failure, a bug too: the README promises it).
 */
export function predictCommand(model: string, opts: PredictCommandOptions): Promise<void> {
  return runCommand({ bugExit: 2 }, () =>
    withModelRuntime(model, async (ref, runtime) => {
      const inputs = await loadInputs(opts.inputs, ref.summary.graph.inputs, { dims: opts.dims, outputs: ref.summary.graph.outputs });
      const session: SessionOptions | undefined = opts.threads ? { intraOpNumThreads: opts.threads } : undefined;
      const result = await new Predictor(runtime).predict(ref, inputs, { session });
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ outputs: wireMapToJsonMap(result.outputs) })}\n`
          : `${formatPrediction(path.basename(ref.filePath), result)}\n`,
      );
    }),
  );
}
