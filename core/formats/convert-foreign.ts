// Convert to ONNX for a file the studio has read (docs/formats.md §Convert to ONNX): the plan view
// the Inspect step and `modelcrate convert --dry-run` show, and the conversion itself with the
// file's own format and scan verdict, so a dangerous pickle never reaches Python.
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { CONVERT_DTYPES, type ConvertDtype, type ConvertInput, type ConvertResult } from '../../shared/formats/convert-types';
import type { ConvertPlanView } from '../../shared/formats/convert';
import type { ForeignModel } from '../../shared/formats/types';
import { convertToOnnx, refusesToLoad } from '../convert/convert';
import { convertPlan } from '../convert/plan';
import { findPythonFor } from '../convert/python-env';
import { installLines, unmet } from '../convert/requirements';
import type { JobContext } from '../jobs/jobs';
import type { RuntimeService } from '../runtime/runtime-service';

/** What a conversion needs to know of a read file. */
export interface ConvertSource {
  filePath: string;
  model: ForeignModel;
}

/** The Python setting as typed: "~/venv/bin/python" means the home folder's, as in a shell. */
export function pythonSetting(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value === '~' || value.startsWith('~/') ? path.join(homedir(), value.slice(1)) : value;
}

const isDtype = (s: string): s is ConvertDtype => (CONVERT_DTYPES as readonly string[]).includes(s);

/**
 * Example inputs from the reader's IO contract (TFLite, Keras), unknown dims as 1; none when the
 * format keeps no shapes or an input's type cannot be made into a random sample. For TorchScript,
 * forward()'s Tensor arguments by name, with no shape: the user gives those.
 */
export function defaultInputs(model: ForeignModel): ConvertInput[] {
  const io = model.io?.inputs ?? [];
  if (model.format === 'torchscript')
    return io.filter((i) => i.dtype === 'Tensor').map((i) => ({ name: i.name, dtype: 'float32', shape: [] }));
  if (io.length === 0 || !io.every((i) => isDtype(i.dtype) && i.shape !== null)) return [];
  return io.map((i) => ({
    name: i.name,
    dtype: i.dtype as ConvertDtype,
    shape: (i.shape ?? []).map((d) => (typeof d === 'number' && d > 0 ? d : 1)),
  }));
}

/** The ONNX file a conversion writes by default: `<stem>.onnx` in `dir`, numbered when taken. */
export async function defaultOutPath(model: ForeignModel, dir: string): Promise<string> {
  const stem = model.fileName.replace(/(\.safetensors\.index\.json|\.[^.]+)$/, '') || 'model';
  for (let n = 0; ; n++) {
    const candidate = path.join(dir, n === 0 ? `${stem}.onnx` : `${stem}-${n}.onnx`);
    const taken = await access(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
}

/** What Convert would do for this file, with which Python, and why it cannot run yet. Runs nothing but the probe. */
export async function planForForeign(
  file: ConvertSource,
  opts: { python?: string; out?: string; inputs?: ConvertInput[] } = {},
): Promise<ConvertPlanView> {
  const { model } = file;
  // The caller's inputs (the CLI's --input) win over the ones the reader knows. TorchScript's known
  // inputs have names but no shapes yet: they seed the editor, not the script.
  const inputs = opts.inputs?.length ? opts.inputs : defaultInputs(model);
  const scriptInputs = opts.inputs?.length || model.format !== 'torchscript' ? inputs : [];
  const out = opts.out ?? path.join(path.dirname(file.filePath), 'model.onnx');
  const plan = convertPlan(model.format, { src: file.filePath, out, inputs: scriptInputs });
  // TorchScript keeps no shapes: its plan asks for them, which the card's inputs editor answers.
  const inputsRequired = model.format === 'torchscript';
  const asksInputs = plan.problem?.code === 'INVALID_REQUEST' && inputsRequired;
  const blocked = plan.problem && !asksInputs ? plan.problem : null;
  const verdict = model.scan?.verdict ?? null;
  const unsafe = refusesToLoad(model.format, verdict);
  const view: ConvertPlanView = {
    supported: !blocked && !unsafe && plan.converter !== null,
    reason: null,
    hint: null,
    converter: plan.converter,
    script: plan.script,
    snippet: blocked?.snippet ?? null,
    commands: [],
    notes: plan.notes,
    python: { python: null, version: null, frameworks: {} },
    ready: false,
    inputs,
    inputsRequired,
  };
  if (unsafe) {
    // No script or notes: nothing here will ever run for this file.
    Object.assign(view, { script: null, notes: [] });
    view.reason = `Its security scan says ${verdict ?? 'nothing'}: loading it would run code the studio cannot vouch for, so it is never converted.`;
    view.hint = 'Ask the model’s author for ONNX or safetensors plus code; see the scan card for the calls it makes.';
    return view;
  }
  if (blocked) {
    view.reason = blocked.message;
    view.hint = blocked.hint;
    return view;
  }
  if (plan.converter === null) {
    view.reason = `${model.format} files cannot be converted to ONNX.`;
    return view;
  }
  const env = await findPythonFor(plan.requires, pythonSetting(opts.python));
  view.python = { python: env.python, version: env.version, frameworks: env.frameworks, ...(env.error ? { error: env.error } : {}) };
  const missing = env.python ? unmet(plan.requires, env.frameworks) : plan.requires;
  if (!env.python) {
    view.reason = `No Python 3 was found to run ${plan.converter}: ${env.error ?? 'none of /usr/bin/python3, python3, python runs'}.`;
    view.hint = 'Install Python 3 and the packages below, or set the Python setting to an interpreter that has them.';
  } else if (missing.length > 0) {
    view.reason = `Python ${env.version} at ${env.python} lacks ${missing.map((r) => (r.min ? `${r.module} ≥ ${r.min}` : r.module)).join(', ')}.`;
    view.hint = 'Install them (below), or set the Python setting to an interpreter that has them.';
  }
  view.commands = [...installLines(missing), ...plan.manual];
  view.ready = env.python !== null && missing.length === 0;
  return view;
}

export interface ConvertForeignOptions {
  inputs: ConvertInput[];
  out: string;
  python?: string;
  overwrite?: boolean;
}

/** Converts a read file with its detected format and scan verdict (never another caller's say-so). */
export function convertForeign(
  file: ConvertSource,
  opts: ConvertForeignOptions,
  ctx: JobContext,
  runtime: RuntimeService,
): Promise<ConvertResult> {
  return convertToOnnx(
    {
      format: file.model.format,
      scan: file.model.scan?.verdict ?? null,
      src: file.filePath,
      out: opts.out,
      inputs: opts.inputs.length > 0 ? opts.inputs : undefined,
      python: pythonSetting(opts.python),
      overwrite: opts.overwrite,
    },
    ctx,
    { runtime },
  );
}
