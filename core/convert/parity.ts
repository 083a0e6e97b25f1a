// Does the ONNX model compute what the original did? The conversion script saved K seeded inputs
// and the framework's outputs as .npy files (parity.json names them); here the converted model runs
// on the same inputs in onnxruntime, through the studio's runtime process, and each output is
// compared element by element.
//
// The rule is numpy.isclose's, as in shared/bundle/compare-outputs.ts (|onnx − expected| ≤ atol +
// rtol·|expected|; NaN matches NaN; an infinity only itself; integers, bools and strings exactly),
// but not that function: it takes fixed per-dtype tolerances and stops at the first mismatch,
// while a conversion report takes the caller's tolerances and shows, per output, the largest
// absolute and relative differences and how many elements are off.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, toErrorData } from '../../shared/errors';
import { halfToNumber } from '../../shared/float16';
import { parseNpy } from '../../shared/npy';
import type { Tensor, TensorMap } from '../../shared/tensors';
import type { RuntimeService } from '../runtime/runtime-service';
import type { ParityReport, ParityRow } from '../../shared/formats/convert-types';

export const DEFAULT_ATOL = 1e-4;
export const DEFAULT_RTOL = 1e-3;

/** parity.json is a few hundred bytes per sample; anything much larger was not written by our script. */
const MAX_INDEX_BYTES = 1 << 20;
const SAFE_FILE = /^[\w.-]+\.npy$/;

interface ParityIndex {
  samples: Array<{ inputs: Record<string, string>; outputs: Record<string, string> }>;
}

export interface ParityRun {
  report: ParityReport;
  /** As onnxruntime reads the converted model; empty when it could not load it. */
  inputNames: string[];
  outputNames: string[];
}

/** Runs `onnxPath` on the samples in `dir` and compares. Failures of the ONNX model are a failed report, not a throw. */
export async function runParity(
  runtime: RuntimeService,
  onnxPath: string,
  dir: string,
  opts: { atol: number; rtol: number; signal?: AbortSignal; onSample?: (done: number, total: number) => void },
): Promise<ParityRun> {
  const index = await readIndex(dir);
  const report: ParityReport = { passed: false, samples: index.samples.length, atol: opts.atol, rtol: opts.rtol, rows: [] };
  const modelId = `convert-${randomBytes(6).toString('hex')}`;
  let names = { inputNames: [] as string[], outputNames: [] as string[] };
  try {
    const info = await runtime.open(modelId, onnxPath);
    names = { inputNames: info.inputNames, outputNames: info.outputNames };
    const rows = new Map<string, ParityAcc>();
    for (const [k, sample] of index.samples.entries()) {
      opts.onSample?.(k, index.samples.length);
      const inputs: TensorMap = {};
      for (const [name, file] of Object.entries(sample.inputs)) inputs[name] = await readNpy(dir, file);
      const { outputs } = await runtime.run(modelId, inputs, { signal: opts.signal });
      for (const [name, file] of Object.entries(sample.outputs)) {
        const acc = rows.get(name) ?? newAcc(name);
        rows.set(name, acc);
        const actual = outputs[name];
        if (!actual) {
          acc.why ??= 'the ONNX model has no output of this name';
          continue;
        }
        compareInto(acc, await readNpy(dir, file), actual, opts.atol, opts.rtol);
      }
    }
    opts.onSample?.(index.samples.length, index.samples.length);
    report.rows = [...rows.values()].map(toRow);
    report.passed = report.rows.length > 0 && report.rows.every((r) => r.passed);
    if (report.rows.length === 0) report.error = 'The conversion script saved no outputs to compare.';
  } catch (err) {
    if (err instanceof AppError && err.code === 'CANCELLED') throw err;
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'The conversion was cancelled.');
    report.error = toErrorData(err).message;
  } finally {
    await runtime.close(modelId).catch(() => false);
  }
  return { report, ...names };
}

async function readIndex(dir: string): Promise<ParityIndex> {
  const file = path.join(dir, 'parity.json');
  const size = (await stat(file)).size;
  if (size > MAX_INDEX_BYTES)
    throw new AppError('CONVERT_FAILED', `The conversion script wrote a ${size}-byte parity.json; expected a small index.`);
  const index = JSON.parse(await readFile(file, 'utf8')) as ParityIndex;
  if (!Array.isArray(index.samples)) throw new AppError('CONVERT_FAILED', 'The conversion script wrote a parity.json without samples.');
  return index;
}

async function readNpy(dir: string, file: string): Promise<Tensor> {
  // The names come from our own script, but they are still only ever file names inside `dir`.
  if (typeof file !== 'string' || !SAFE_FILE.test(file))
    throw new AppError('CONVERT_FAILED', `parity.json names an unexpected file: ${String(file)}`);
  return parseNpy(new Uint8Array(await readFile(path.join(dir, file))), file);
}

/** One output's running comparison over the samples. */
export interface ParityAcc {
  output: string;
  dtype: string;
  shape: number[] | null;
  maxAbsDiff: number;
  maxRelDiff: number;
  elements: number;
  mismatches: number;
  why?: string;
}

export const newAcc = (output: string): ParityAcc => ({
  output,
  dtype: '',
  shape: null,
  maxAbsDiff: 0,
  maxRelDiff: 0,
  elements: 0,
  mismatches: 0,
});

export function toRow(a: ParityAcc): ParityRow {
  const row: ParityRow = {
    output: a.output,
    dtype: a.dtype,
    shape: a.shape ?? [],
    maxAbsDiff: a.maxAbsDiff,
    maxRelDiff: a.maxRelDiff,
    elements: a.elements,
    mismatches: a.mismatches,
    passed: a.why === undefined && a.mismatches === 0,
  };
  if (a.why !== undefined) row.why = a.why;
  return row;
}

const isFloat = (t: Tensor) => t.type.startsWith('float');

/** Element i as a number (float16 from its bits; int64 may round, which only matters for the diff shown). */
function num(t: Tensor, i: number): number {
  if (t.type === 'float16') return halfToNumber(t.data[i]!);
  if (t.type === 'string') return Number.NaN;
  return Number(t.data[i]!);
}

/** Folds one sample's output into the row: shapes must agree; then element by element. */
export function compareInto(acc: ParityAcc, expected: Tensor, actual: Tensor, atol: number, rtol: number): void {
  acc.dtype ||= actual.type;
  acc.shape ??= actual.shape;
  if (acc.why !== undefined) return;
  // skl2onnx and tf2onnx may give (n, 1) where the framework gives (n,): the same values.
  const squeeze = (s: number[]) => s.filter((d) => d !== 1);
  if (expected.data.length !== actual.data.length || squeeze(expected.shape).join() !== squeeze(actual.shape).join()) {
    acc.why = `shape [${actual.shape.join(', ')}], expected [${expected.shape.join(', ')}]`;
    return;
  }
  const n = expected.data.length;
  acc.elements += n;
  if (!isFloat(expected) && !isFloat(actual)) {
    // Integers, bools, strings: exact (String() so that an int64 BigInt equals an int32 number).
    for (let i = 0; i < n; i++) if (String(expected.data[i]) !== String(actual.data[i])) acc.mismatches++;
    return;
  }
  for (let i = 0; i < n; i++) {
    const e = num(expected, i);
    const a = num(actual, i);
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      // Non-finite values only match themselves and stay out of the max diffs (they would be Infinity).
      if (e !== a) acc.mismatches++;
      continue;
    }
    const diff = Math.abs(a - e);
    if (diff > acc.maxAbsDiff) acc.maxAbsDiff = diff;
    if (e !== 0 && diff / Math.abs(e) > acc.maxRelDiff) acc.maxRelDiff = diff / Math.abs(e);
    if (!(diff <= atol + rtol * Math.abs(e))) acc.mismatches++;
  }
}
