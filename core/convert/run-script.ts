// Runs a conversion script: JSON progress lines on stdout become job progress, every other line a
// log line; the last stderr lines are kept for the error when it fails. A cancel kills the
// script's whole process group.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JobContext } from '../jobs/jobs';
import { runPython } from './python-process';

/** How many trailing stderr lines a failure shows: enough for a Python traceback's end. */
export const TAIL_LINES = 20;

export interface ScriptOutcome {
  code: number | null;
  /** The last TAIL_LINES lines of stderr. */
  tail: string[];
  /** The last progress label seen: the step that failed, when it failed. */
  step: string | undefined;
  cancelled: boolean;
  spawnError?: NodeJS.ErrnoException;
}

export async function runScript(
  python: string,
  script: string,
  args: string[],
  workDir: string,
  ctx: Pick<JobContext, 'signal' | 'progress' | 'log'>,
): Promise<ScriptOutcome> {
  const file = path.join(workDir, 'convert.py');
  await writeFile(file, script, { mode: 0o600 });
  const tail: string[] = [];
  let step: string | undefined;
  const run = runPython(python, [file, ...args], {
    cwd: workDir,
    onStdout(line) {
      const p = progressLine(line);
      if (p) {
        step = p.step;
        ctx.progress(p.done, p.total, p.step);
      } else {
        ctx.log(line);
      }
    },
    onStderr(line) {
      ctx.log(line);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    },
  });
  if (run.child.pid !== undefined) ctx.log(`Running ${python} ${file} (pid ${run.child.pid})`);
  const onAbort = () => run.kill();
  if (ctx.signal.aborted) onAbort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, spawnError } = await run.done;
    return { code, tail, step, cancelled: ctx.signal.aborted, ...(spawnError ? { spawnError } : {}) };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

function progressLine(line: string): { step: string; done: number; total: number } | undefined {
  if (!line.startsWith('{"step"')) return undefined;
  try {
    const p = JSON.parse(line) as { step?: unknown; done?: unknown; total?: unknown };
    if (typeof p.step === 'string' && typeof p.done === 'number' && typeof p.total === 'number') {
      return { step: p.step, done: p.done, total: p.total };
    }
  } catch {
    // A log line that happens to start like one.
  }
  return undefined;
}
