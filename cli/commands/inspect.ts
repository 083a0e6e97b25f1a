import { performance } from 'node:perf_hooks';
import { toInspectJson } from '../../shared/model-summary';
import { readModelSummary } from '../../core/onnx/reader';
import { formatSummary } from '../format-summary';
import { runCommand } from '../run-command';

/** Exit codes: 0 read, 2 the file is not a readable ONNX model (one line on stderr). */
export function inspectCommand(model: string, opts: { json: boolean }): Promise<void> {
  const started = performance.now();
  return runCommand(async () => {
    const summary = await readModelSummary(model);
    const readMs = performance.now() - started;
    process.stdout.write(opts.json ? `${JSON.stringify(toInspectJson(summary))}\n` : `${formatSummary(summary, readMs)}\n`);
  });
}
