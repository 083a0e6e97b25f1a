// Convert to ONNX, as a job: check the request and the scan verdict, find a Python with the
// framework, run the plan's script in a private temp folder, check parity in onnxruntime, and only
// then put the ONNX file in place (temp file in the destination folder, fsync, rename: nothing half
// written is ever left at `out`, on failure or cancel alike).
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppError } from '../../shared/errors';
import type { ModelFormat, ScanVerdict } from '../../shared/formats/types';
import type { JobContext } from '../jobs/jobs';
import { replaceAtomically } from '../onnx-write/atomic-file';
import type { RuntimeService } from '../runtime/runtime-service';
import { DEFAULT_ATOL, DEFAULT_RTOL, runParity, type ParityRun } from './parity';
import { DEFAULT_OPSET, convertPlan } from './plan';
import { findPythonFor } from './python-env';
import { installHint, requirement, unmet } from './requirements';
import { runScript, type ScriptOutcome } from './run-script';
import type { ConvertPlan, ConvertRequest, ConvertResult, PythonEnv, PythonRequirement } from '../../shared/formats/convert-types';

/** Formats whose loading unpickles something: converted only after a 'safe' scan. */
const PICKLE_BEARING = new Set<ModelFormat>(['torchscript', 'torch-export', 'pytorch', 'pickle', 'joblib']);

/**
 * Whether loading the file to convert it is refused: whatever a dangerous file carries runs on load
 * (a Keras Lambda's bytecode too), and a pickle-bearing one loads only when its scan vouches for
 * every callable. The one rule for the plan shown and the conversion run.
 */
export function refusesToLoad(format: ModelFormat, scan: ScanVerdict | null): boolean {
  return scan === 'dangerous' || (PICKLE_BEARING.has(format) && scan !== 'safe');
}

export interface ConvertDeps {
  /** The studio's runtime process, which runs the converted model for the parity check. */
  runtime: RuntimeService;
  /** Parent of the private work folder (default: the OS temp folder). */
  tmpDir?: string;
}

export async function convertToOnnx(req: ConvertRequest, ctx: JobContext, deps: ConvertDeps): Promise<ConvertResult> {
  const started = performance.now();
  const src = path.resolve(req.src);
  const out = path.resolve(req.out);
  const plan = convertPlan(req.format, { ...req, src, out });
  if (plan.problem) {
    const { code, message, hint, snippet } = plan.problem;
    throw new AppError(code, message, snippet ? `${hint}\n\n${snippet}` : hint);
  }
  const script = plan.script!;
  if (refusesToLoad(req.format, req.scan)) {
    throw new AppError(
      'UNSAFE_PICKLE',
      `${path.basename(src)} was not converted: loading it ${PICKLE_BEARING.has(req.format) ? 'unpickles data' : 'runs code stored in it'}, and its security scan ${req.scan ? `said "${req.scan}"` : 'has not run'}.`,
      'Only files whose scan finds nothing but known tensor and model callables are loaded. Get the model from its author in a format without pickles (ONNX, safetensors plus code).',
    );
  }
  await checkPaths(src, out, req.overwrite === true);

  ctx.progress(0, undefined, 'Looking for Python');
  // The probe may take seconds (a cold torch import); a cancel need not wait for it.
  const env = await untilAborted(pythonWith(plan.requires, req.python), ctx.signal);

  const workDir = await mkdtemp(path.join(deps.tmpDir ?? tmpdir(), 'modelcrate-convert-'));
  let parity: ParityRun | undefined;
  try {
    await replaceAtomically(
      out,
      async (temp) => {
        const outcome = await runScript(env.command, script, [temp, workDir], workDir, ctx);
        if (outcome.cancelled || ctx.signal.aborted) throw cancelled();
        if (outcome.spawnError) throw unavailable(`${env.command} could not be started: ${outcome.spawnError.message}.`, plan.requires);
        if (outcome.code !== 0) throw scriptFailed(src, plan, outcome);
        if (!(await exists(temp)))
          throw new AppError(
            'CONVERT_FAILED',
            'The conversion script finished without writing the ONNX file.',
            'Run the script by hand to see why.',
          );
        parity = await runParity(deps.runtime, temp, workDir, {
          atol: req.atol ?? DEFAULT_ATOL,
          rtol: req.rtol ?? DEFAULT_RTOL,
          signal: ctx.signal,
          onSample: (done, total) => ctx.progress(done, total, 'Checking the ONNX model against the original'),
        });
      },
      ctx.signal,
    );
  } catch (err) {
    if (ctx.signal.aborted) throw cancelled();
    throw err;
  } finally {
    await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
  const run = parity!;
  return {
    out,
    format: req.format,
    converter: plan.converter!,
    opset: req.opset ?? DEFAULT_OPSET,
    script,
    python: env.python,
    pythonVersion: env.version ?? '',
    frameworks: Object.fromEntries(plan.requires.map((r) => [r.module, env.frameworks[r.module] ?? ''])),
    seconds: (performance.now() - started) / 1000,
    inputNames: run.inputNames,
    outputNames: run.outputNames,
    parity: run.report,
  };
}

const cancelled = () => new AppError('CANCELLED', 'The conversion was cancelled; no ONNX file was written.');

/** `work`, or CANCELLED as soon as `signal` aborts (the work itself runs on, and its result is cached). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {}); // its failure is reported below, or not at all once cancelled
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

async function checkPaths(src: string, out: string, overwrite: boolean): Promise<void> {
  const s = await stat(src).catch(() => null);
  if (!s) throw new AppError('FILE_NOT_FOUND', `File not found: ${src}`, 'Check the path and try again.');
  if (!s.isFile()) throw new AppError('NOT_A_FILE', `Expected a file but found a folder: ${src}`);
  const folder = await stat(path.dirname(out)).catch(() => null);
  if (!folder?.isDirectory())
    throw new AppError('FILE_NOT_FOUND', `The folder ${path.dirname(out)} does not exist.`, 'Choose an existing folder for the ONNX file.');
  if (!overwrite && (await exists(out))) {
    throw new AppError('FILE_EXISTS', `${out} already exists.`, 'Choose another output path, or allow replacing it (--force).');
  }
}

/** An interpreter that has every requirement, probing afresh once if the cached answer lacks one (it may have been installed since). */
async function pythonWith(reqs: PythonRequirement[], python?: string): Promise<PythonEnv & { python: string }> {
  let env = await findPythonFor(reqs, python);
  if (!env.python || unmet(reqs, env.frameworks).length > 0) env = await findPythonFor(reqs, python, { refresh: true });
  if (!env.python) {
    const setting = python ? `The Python set for conversions (${python}) does not run` : 'No Python 3 was found';
    throw unavailable(`${setting}: ${env.error ?? 'unknown error'}`, [{ module: 'python3', pip: 'python3', debian: 'python3' }, ...reqs]);
  }
  const missing = unmet(reqs, env.frameworks);
  if (missing.length > 0) {
    const what = missing
      .map((r) => {
        const have = env.frameworks[r.module];
        return have ? `${r.module} ${r.min} or newer (it has ${have})` : r.module;
      })
      .join(', ');
    throw unavailable(`${env.python} (Python ${env.version ?? '?'}) cannot import ${what}, which this conversion needs.`, missing);
  }
  return env as PythonEnv & { python: string };
}

function unavailable(message: string, missing: PythonRequirement[]): AppError {
  return new AppError(
    'PYTHON_UNAVAILABLE',
    message,
    `Install it: ${installHint(missing)}; or set the Python setting (--python) to an interpreter that has it.`,
  );
}

/** A failed script as an error: a module that would not import is PYTHON_UNAVAILABLE, anything else CONVERT_FAILED with its last lines. */
function scriptFailed(src: string, plan: ConvertPlan, o: ScriptOutcome): AppError {
  const text = o.tail.join('\n');
  const noModule = /No module named '([\w.]+)'/.exec(text);
  if (noModule) {
    const top = noModule[1]!.split('.')[0]!;
    const req = plan.requires.find((r) => r.module === top) ?? safeRequirement(top);
    return unavailable(`The conversion script could not import ${noModule[1]}.`, [req]);
  }
  const last = [...o.tail].reverse().find((l) => l.trim() !== '') ?? (o.code === null ? 'the script was killed' : `exit code ${o.code}`);
  const where = o.step ? ` at step "${o.step}"` : '';
  const killed = o.code === null ? ' (killed by the system: perhaps out of memory)' : '';
  return new AppError(
    'CONVERT_FAILED',
    `Converting ${path.basename(src)} to ONNX failed${where}${killed}: ${last.trim()}\n--- last lines of the script's output ---\n${text}`,
    failureHint(text),
  );
}

function safeRequirement(module: string): PythonRequirement {
  try {
    return requirement(module);
  } catch {
    return { module, pip: module, debian: null };
  }
}

function failureHint(text: string): string {
  if (/UnsupportedOperatorError|is not supported|Unsupported ONNX opset|Couldn't export/i.test(text)) {
    return 'The model uses an operator this converter cannot write to ONNX at this opset. A newer framework version may support it; otherwise the model must avoid that operator.';
  }
  if (
    /shapes cannot be multiplied|size mismatch|Expected .*input|doesn't match|must match the size|Given groups=|dimension out of range/i.test(
      text,
    )
  ) {
    return 'The model refused the example inputs: check the input shapes and dtypes you gave are what the model takes.';
  }
  return 'Read the last lines above. The script is shown before it runs and can be run by hand: python3 convert.py';
}
