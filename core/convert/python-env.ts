// Which Python to convert with, and which frameworks import in it. One probe process per
// interpreter imports every module in turn and prints one line per module as it goes, so a probe
// stopped by its timeout (a cold TensorFlow import can take many seconds) still reports the modules
// it got through and names the one it was stuck on. Results are cached per interpreter for the
// life of the process; a conversion that finds its framework missing probes once more before
// failing, so installing it while the studio runs is enough.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPython } from './python-process';
import { unmet } from './requirements';
import type { PythonEnv, PythonRequirement } from '../../shared/formats/convert-types';

/** Probed in this order: cheap ones first, TensorFlow (slowest to import) late. */
export const PROBE_MODULES = [
  'numpy',
  'onnx',
  'onnxruntime',
  'torch',
  'sklearn',
  'joblib',
  'skl2onnx',
  'tensorflow',
  'tf2onnx',
  'keras',
] as const;

/** Tried in order when no interpreter is set: Debian's own first (the PATH one may be a bare pyenv or venv). */
export const DEFAULT_CANDIDATES = ['/usr/bin/python3', 'python3', 'python'];

export const DEFAULT_PROBE_TIMEOUT_MS = 60_000;

const MARK = '@@modelcrate ';

// Plain Python 3 (no f-strings' newer forms), so an old interpreter still reports its version.
const PROBE = `import importlib, json, sys
def say(d):
    sys.stdout.write(${JSON.stringify(MARK)} + json.dumps(d) + "\\n")
    sys.stdout.flush()
say({"python": sys.executable, "version": "%d.%d.%d" % tuple(sys.version_info[:3])})
for name in ${JSON.stringify(PROBE_MODULES)}:
    say({"importing": name})
    try:
        mod = importlib.import_module(name)
        say({"module": name, "version": str(getattr(mod, "__version__", None) or "unknown")})
    except BaseException as e:
        say({"module": name, "version": None, "error": "%s: %s" % (type(e).__name__, e)})
`;

const cache = new Map<string, Promise<PythonEnv>>();

export interface DetectOptions {
  timeoutMs?: number;
  /** Probe again even when this interpreter was probed before. */
  refresh?: boolean;
}

/**
 * The interpreter to use and what imports in it: `python` (the setting) alone when given, else the
 * first of DEFAULT_CANDIDATES that runs. `python: null` with `error` when none does.
 */
export async function detectPython(python?: string, opts: DetectOptions = {}): Promise<PythonEnv> {
  if (python) return probeCached(python, opts);
  const errors: string[] = [];
  for (const candidate of DEFAULT_CANDIDATES) {
    const env = await probeCached(candidate, opts);
    if (env.python) return env;
    errors.push(env.error ?? `${candidate} did not run`);
  }
  return noPython(DEFAULT_CANDIDATES[0]!, `No Python 3 found (${errors.join('; ')}).`);
}

/**
 * The interpreter for a conversion: the set one when given; else the first candidate that has every
 * requirement, or, when none has, the first that runs (its env says what is missing).
 */
export async function findPythonFor(reqs: PythonRequirement[], python?: string, opts: DetectOptions = {}): Promise<PythonEnv> {
  if (python) return probeCached(python, opts);
  let first: PythonEnv | undefined;
  for (const candidate of DEFAULT_CANDIDATES) {
    const env = await probeCached(candidate, opts);
    if (!env.python) continue;
    if (unmet(reqs, env.frameworks).length === 0) return env;
    first ??= env;
  }
  return first ?? detectPython(undefined, opts);
}

/** Forget every probe (tests; a settings change that points elsewhere needs none: the cache is per path). */
export function clearPythonCache(): void {
  cache.clear();
}

function probeCached(python: string, opts: DetectOptions): Promise<PythonEnv> {
  let env = opts.refresh ? undefined : cache.get(python);
  if (!env) {
    env = probe(python, opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    cache.set(python, env);
  }
  return env;
}

function noPython(command: string, error: string): PythonEnv {
  return { python: null, command, version: null, frameworks: Object.fromEntries(PROBE_MODULES.map((m) => [m, null])), error };
}

async function probe(python: string, timeoutMs: number): Promise<PythonEnv> {
  // An empty private folder as the working directory: `-c` puts it first on sys.path, and a stray
  // torch.py in whatever folder the studio was started from must not be what gets imported.
  const cwd = await mkdtemp(path.join(tmpdir(), 'modelcrate-probe-'));
  const env = noPython(python, '');
  let ran = false;
  let importing: string | undefined;
  const stderr: string[] = [];
  const run = runPython(python, ['-c', PROBE], {
    cwd,
    onStdout(line) {
      if (!line.startsWith(MARK)) return;
      let d: { python?: string; version?: string | null; importing?: string; module?: string };
      try {
        d = JSON.parse(line.slice(MARK.length)) as typeof d;
      } catch {
        return;
      }
      if (d.python !== undefined) {
        ran = true;
        env.python = d.python || python;
        env.version = d.version ?? null;
      } else if (d.importing) {
        importing = d.importing;
      } else if (d.module) {
        env.frameworks[d.module] = d.version ?? null;
        importing = undefined;
      }
    },
    onStderr(line) {
      stderr.push(line);
      if (stderr.length > 20) stderr.shift();
    },
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    run.kill();
  }, timeoutMs);
  try {
    const { code, spawnError } = await run.done;
    if (spawnError) {
      env.error =
        spawnError.code === 'ENOENT'
          ? `${python}: not found`
          : spawnError.code === 'EACCES'
            ? `${python}: not executable`
            : `${python}: ${spawnError.message}`;
    } else if (timedOut) {
      const seconds = Math.round(timeoutMs / 100) / 10;
      env.error = `Probing ${python} timed out after ${seconds} s${ran ? (importing ? ` while importing ${importing}` : '') : ' before it started'}.`;
    } else if (!ran) {
      env.error = `${python} did not run as Python 3${stderr.length ? `: ${stderr[stderr.length - 1]}` : ` (exit code ${code})`}`;
    } else {
      delete env.error;
    }
  } finally {
    clearTimeout(timer);
    await rm(cwd, { recursive: true, force: true }).catch(() => {});
  }
  return env;
}
