// The conversion plans with the real interpreter: every script the studio would show compiles under
// Python 3, and the by-hand snippets too; scikit-learn models made by the real scikit-learn
// (Debian's python3-sklearn) get a plan naming skl2onnx and, since Debian does not package
// skl2onnx, PYTHON_UNAVAILABLE with the pip line. The sklearn script itself then runs end to end
// with a stand-in for skl2onnx (test/python/convert_fake_skl2onnx), through the same parity check.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToOnnx } from '../../core/convert/convert';
import { convertPlan } from '../../core/convert/plan';
import { clearPythonCache, detectPython } from '../../core/convert/python-env';
import type { ConvertRequest } from '../../shared/formats/convert-types';
import type { JobContext } from '../../core/jobs/jobs';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { AppError } from '../../shared/errors';
import type { ModelFormat } from '../../shared/formats/types';
import { PYTHON, PYTHON_SCRIPTS } from '../fixtures/python-run';
import { describeWithPython } from '../fixtures/python-modules';
import { suiteDir } from '../fixtures/tmp';

const SKLEARN_INSTALL = 'apt-get install -y python3-sklearn python3-joblib python3-numpy python3-onnx';

/** The AppError `p` rejects with (a resolved promise fails the test). */
async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const ctx = (): JobContext => ({ signal: new AbortController().signal, progress: () => {}, log: () => {} });

/** Compiles Python source with the real interpreter; returns its error, or '' when it compiles. */
function compileError(source: string, dir: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  const r = spawnSync(PYTHON, ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', file], { encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr;
}

describe('conversion plans compile as Python 3', () => {
  const dir = suiteDir('convert-plan');
  const inputs = [{ name: 'x', dtype: 'float32' as const, shape: [1, 4] }];
  const cases: Array<[ModelFormat, boolean]> = [
    ['torchscript', true],
    ['torch-export', true],
    ['torch-export', false],
    ['pickle', true],
    ['joblib', false],
    ['keras', false],
    ['hdf5', true],
    ['tflite', false],
  ];
  it.each(cases)('%s (inputs given: %s)', (format, withInputs) => {
    const plan = convertPlan(format, {
      src: join(dir, "it's a model"),
      out: join(dir, 'out "1".onnx'),
      inputs: withInputs ? inputs : undefined,
    });
    expect(plan.problem).toBeUndefined();
    expect(plan.script).toBeTruthy();
    expect(compileError(plan.script!, dir, `${format}-${withInputs}.py`)).toBe('');
  });

  it('the snippets for weights-only files compile too', () => {
    for (const format of ['pytorch', 'safetensors'] as const) {
      const plan = convertPlan(format, { src: join(dir, 'w.bin'), out: join(dir, 'w.onnx'), inputs });
      expect(plan.script).toBeNull();
      expect(compileError(plan.problem!.snippet!, dir, `${format}-snippet.py`)).toBe('');
    }
  });
});

function describeWithSklearn(name: string, body: () => void): void {
  describeWithPython({ label: 'scikit-learn', modules: ['sklearn', 'joblib', 'numpy', 'onnx'], install: SKLEARN_INSTALL }, name, body);
}

describeWithSklearn('converting scikit-learn models (real scikit-learn)', () => {
  const dir = suiteDir('convert-sklearn');
  const models = join(dir, 'models');
  const tmp = join(dir, 'tmp');
  const runtime = new RuntimeService(forkRuntime());
  afterAll(() => runtime.dispose());
  let n = 0;
  const request = (model: string, format: ModelFormat, extra: Partial<ConvertRequest> = {}): ConvertRequest => {
    const out = join(dir, `out-${++n}`);
    mkdirSync(out);
    return { format, src: join(models, model), out: join(out, 'model.onnx'), scan: 'safe', python: PYTHON, ...extra };
  };

  beforeAll(() => {
    mkdirSync(models);
    mkdirSync(tmp);
    clearPythonCache();
    execFileSync(PYTHON, [join(PYTHON_SCRIPTS, 'convert_sklearn_models.py'), models]);
  });

  it('plans skl2onnx, says loading unpickles, and gives the install lines (Debian for scikit-learn, pip for skl2onnx)', () => {
    const plan = convertPlan('pickle', { src: join(models, 'clf.pkl'), out: join(dir, 'clf.onnx') });
    expect(plan).toMatchObject({ framework: 'sklearn', converter: 'skl2onnx' });
    expect(plan.requires.map((r) => r.module)).toEqual(['numpy', 'sklearn', 'skl2onnx']);
    expect(plan.script).toContain('# SAFETY: loading a pickle or joblib file unpickles it');
    expect(plan.script).toContain('pickle.load(f)');
    expect(plan.script).toContain('convert_sklearn(');
    expect(plan.script).toContain('INPUTS = None  # read from the model');
    expect(plan.script).toContain('n_features_in_');
    expect(plan.install).toContain('sudo apt-get install -y python3-numpy python3-sklearn python3-pip');
    expect(plan.install).toContain('python3 -m pip install --user --break-system-packages skl2onnx');
    expect(plan.install).toContain('~/.modelcrate-python/bin/pip install numpy scikit-learn skl2onnx');
    const joblib = convertPlan('joblib', { src: join(models, 'reg.joblib'), out: join(dir, 'reg.onnx') });
    expect(joblib.script).toContain('joblib.load(SRC)');
    expect(joblib.requires.map((r) => r.module)).toContain('joblib');
  });

  it('without skl2onnx: PYTHON_UNAVAILABLE naming skl2onnx and its pip line (with it: converted, parity checked)', async () => {
    const env = await detectPython(PYTHON);
    expect(env.frameworks.sklearn).toMatch(/^\d+\.\d+/);
    const req = request('clf.pkl', 'pickle');
    if (env.frameworks.skl2onnx) {
      // A machine that has the real skl2onnx converts for real.
      const result = await convertToOnnx(req, ctx(), { runtime, tmpDir: tmp });
      expect(result.parity.passed).toBe(true);
      return;
    }
    const err = await failure(convertToOnnx(req, ctx(), { runtime, tmpDir: tmp }));
    expect(err.code).toBe('PYTHON_UNAVAILABLE');
    expect(err.message).toMatch(/cannot import skl2onnx, which this conversion needs/);
    expect(err.hint).toContain('pip install skl2onnx');
    expect(existsSync(req.out)).toBe(false);
  });

  it('the script loads the pickle, converts with n_features_in_ and saves parity files the ONNX model matches (skl2onnx stand-in)', async () => {
    // An interpreter that finds the stand-in first on its path.
    const wrapper = join(dir, 'python-with-stand-in');
    writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH=${join(PYTHON_SCRIPTS, 'convert_fake_skl2onnx')} exec ${PYTHON} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const req = request('clf.pkl', 'pickle', { python: wrapper });
    const result = await convertToOnnx(req, ctx(), { runtime, tmpDir: tmp });
    expect(result.frameworks).toMatchObject({ skl2onnx: '0.0-test-stand-in' });
    expect(result.inputNames).toEqual(['input']);
    expect(result.outputNames).toEqual(['label', 'probabilities']);
    expect(result.parity.passed).toBe(true);
    expect(result.parity.rows.map((r) => [r.output, r.dtype, r.shape, r.mismatches])).toEqual([
      ['label', 'int64', [4], 0],
      ['probabilities', 'float32', [4, 3], 0],
    ]);
    const summary = await readModelSummary(req.out);
    expect(summary.graph.inputs[0]!.type.shape).toEqual([null, 4]);
    expect(readdirSync(tmp)).toEqual([]);

    // A pipeline the stand-in does not convert fails with its message, and leaves nothing.
    const reg = request('reg.joblib', 'joblib', { python: wrapper });
    const err = await failure(convertToOnnx(reg, ctx(), { runtime, tmpDir: tmp }));
    expect(err.code).toBe('CONVERT_FAILED');
    expect(err.message).toContain('the test stand-in converts LogisticRegression only');
    expect(readdirSync(join(reg.out, '..'))).toEqual([]);
  });
});
