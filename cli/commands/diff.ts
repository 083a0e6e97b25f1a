// `modelcrate diff <older> <newer>`: what changed between two models or bundles, how much it matters
// and the version that follows. Exit codes are for CI gates: 0 = none / patch / compatible,
// 1 = breaking, 2 = could not compare (bad file, cancelled, any error — never 1, so a crash is
// never mistaken for a verdict), with the CLI's one `error[CODE]: message` line on stderr.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errorLine, toErrorData } from '../../shared/errors';
import { compareModels } from '../../core/diff/compare-models';
import { loadSide } from '../../core/diff/load-side';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { formatDiff } from '../format-diff';
import { cancelOnSignals } from '../cancel-on-signals';

export interface DiffCommandOptions {
  json: boolean;
  /** False with --no-run: the static comparison only (no onnxruntime). */
  run: boolean;
  runs: number;
}

export async function diffCommand(older: string, newer: string, opts: DiffCommandOptions): Promise<number> {
  const cancel = cancelOnSignals();
  const runtime = opts.run ? new RuntimeService(forkRuntime()) : undefined;
  const temp = await mkdtemp(path.join(tmpdir(), 'mc-diff-'));
  const tty = process.stderr.isTTY === true;
  try {
    const a = await loadSide(older, path.join(temp, 'a'), cancel.signal);
    const b = await loadSide(newer, path.join(temp, 'b'), cancel.signal);
    const report = await compareModels(a, b, {
      runtime,
      run: opts.run,
      runs: opts.runs,
      signal: cancel.signal,
      // Progress only for a person watching; piped stderr stays clean for logs.
      progress: (done, total, label) => tty && process.stderr.write(`\r\x1b[K${label}${total ? ` (${done}/${total})` : ''}`),
    });
    if (tty) process.stderr.write('\r\x1b[K');
    process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatDiff(report));
    return report.classification === 'breaking' ? 1 : 0;
  } catch (err) {
    if (tty) process.stderr.write('\r\x1b[K');
    const data = cancel.signal.aborted ? { code: 'CANCELLED' as const, message: 'The comparison was cancelled.' } : toErrorData(err);
    process.stderr.write(`${errorLine(data)}\n`);
    return 2;
  } finally {
    cancel.dispose();
    await runtime?.dispose();
    await rm(temp, { recursive: true, force: true });
  }
}
