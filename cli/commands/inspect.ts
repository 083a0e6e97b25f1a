import { performance } from 'node:perf_hooks';
import { errorLine, toErrorData } from '../../shared/errors';
import { toInspectJson } from '../../shared/model-summary';
import { readModelSummary } from '../../core/onnx/reader';
import { formatSummary } from '../format-summary';

/** Exit codes: 0 read, 2 the file is not a readable ONNX model (one line on stderr). */
export async function inspectCommand(model: string, opts: { json: boolean }): Promise<number> {
  const started = performance.now();
  try {
    const summary = await readModelSummary(model);
    const readMs = performance.now() - started;
    process.stdout.write(opts.json ? `${JSON.stringify(toInspectJson(summary))}\n` : `${formatSummary(summary, readMs)}\n`);
    return 0;
  } catch (err) {
    const data = toErrorData(err);
    process.stderr.write(`${errorLine(data)}\n`);
    return data.code === 'INTERNAL' ? 1 : 2;
  }
}
