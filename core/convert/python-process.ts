// Starting Python for the probe and the conversion scripts: no shell, its own process group (so a
// cancel or a timeout also ends what it started: tf2onnx and torch spawn helpers), stdout and
// stderr read line by line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A line longer than this is cut before it is logged or kept (a script may print a whole tensor). */
const MAX_LINE = 4000;

export interface PythonRun {
  child: ChildProcess;
  /** Resolves when the process has exited and both pipes are read: exit code (null when killed) and the spawn error, if any. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: NodeJS.ErrnoException }>;
  /** Ends the process and everything in its group. */
  kill(): void;
}

/** Environment for every Python we start: unbuffered UTF-8 output, no .pyc litter, quiet TensorFlow. */
export function pythonEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    TF_CPP_MIN_LOG_LEVEL: '2',
  };
}

export function runPython(
  python: string,
  args: string[],
  opts: { cwd: string; onStdout(line: string): void; onStderr(line: string): void },
): PythonRun {
  // detached: a new process group on POSIX (Windows has none; there the child alone is killed).
  const detached = process.platform !== 'win32';
  const child = spawn(python, args, { cwd: opts.cwd, env: pythonEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached, windowsHide: true });
  let spawnError: NodeJS.ErrnoException | undefined;
  child.on('error', (err) => (spawnError = err));
  const lines = (stream: NodeJS.ReadableStream, fn: (line: string) => void) =>
    new Promise<void>((resolve) => {
      const rl = createInterface({ input: stream, crlfDelay: Infinity });
      rl.on('line', (line) => fn(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line));
      rl.on('close', resolve);
    });
  const out = lines(child.stdout!, opts.onStdout);
  const err = lines(child.stderr!, opts.onStderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
    // A spawn failure (ENOENT) emits 'error' and then 'close'; nothing else to wait for.
  });
  let finished = false;
  const done = Promise.all([exited, out, err]).then(([e]) => {
    finished = true;
    return spawnError ? { ...e, spawnError } : e;
  });
  const kill = () => {
    // The group, even when its leader has exited: a helper it started may still hold the pipes.
    if (child.pid === undefined || finished) return;
    try {
      if (detached) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  return { child, done, kill };
}
