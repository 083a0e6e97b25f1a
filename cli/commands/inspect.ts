import { performance } from 'node:perf_hooks';
import { toInspectJson } from '../../shared/model-summary';
import { readModelSummary } from '../../core/onnx/reader';
import { readForeign } from '../../core/formats/read-foreign';
import { formatForeign } from '../format-foreign';
import { formatSummary } from '../format-summary';
import { runCommand } from '../run-command';

/**
 * Any model file: ONNX, or one of the formats core/formats reads (safetensors, GGUF, PyTorch,
 * Keras, TFLite…). The JSON always has a `format` field. Exit codes: 0 read, 2 not a readable model.
 */
export function inspectCommand(model: string, opts: { json: boolean }): Promise<void> {
  const started = performance.now();
  return runCommand(async () => {
    const foreign = await readForeign(model);
    if (foreign) {
      process.stdout.write(opts.json ? `${JSON.stringify(foreign.model)}\n` : `${formatForeign(foreign.model, foreign.readMs)}\n`);
      return;
    }
    const summary = await readModelSummary(model);
    const readMs = performance.now() - started;
    process.stdout.write(
      opts.json ? `${JSON.stringify({ format: 'onnx', ...toInspectJson(summary) })}\n` : `${formatSummary(summary, readMs)}\n`,
    );
  });
}
