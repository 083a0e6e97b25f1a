// Convert to ONNX with the real torch (Debian's python3-torch under /usr/bin/python3): TorchScript
// models made by torch.jit.script / trace (test/python/convert_models.py) are converted, opened by
// the project's ONNX reader and by onnxruntime-node, and checked for parity; an op torch cannot
// export and wrong input shapes fail with torch's own message; a cancel leaves nothing behind; an
// interpreter without torch is PYTHON_UNAVAILABLE with the install line. In CI a missing torch fails
// the suite; elsewhere it is skipped with the install hint.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { convertToOnnx } from '../../core/convert/convert';
import { clearPythonCache, detectPython } from '../../core/convert/python-env';
import type { ConvertRequest } from '../../shared/formats/convert-types';
import type { JobContext } from '../../core/jobs/jobs';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { AppError } from '../../shared/errors';
import { PYTHON, PYTHON_SCRIPTS } from '../fixtures/python-run';
import { describeWithPython } from '../fixtures/python-modules';
import { suiteDir } from '../fixtures/tmp';

const TORCH_INSTALL = 'apt-get install -y python3-torch python3-numpy';

interface Events {
  progress: Array<{ done: number; total?: number; label: string }>;
  logs: string[];
}

function job(onProgress?: (label: string, controller: AbortController) => void): {
  ctx: JobContext;
  events: Events;
  controller: AbortController;
} {
  const controller = new AbortController();
  const events: Events = { progress: [], logs: [] };
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (done, total, label) => {
      events.progress.push(total === undefined ? { done, label } : { done, total, label });
      onProgress?.(label, controller);
    },
    log: (line) => events.logs.push(line),
  };
  return { ctx, events, controller };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const INPUT = [{ name: 'input', dtype: 'float32' as const, shape: [1, 3, 16, 16] }];

function describeWithTorch(name: string, body: () => void): void {
  describeWithPython({ label: 'torch', modules: ['torch', 'numpy'], install: TORCH_INSTALL }, name, body);
}

describeWithTorch('convert TorchScript to ONNX (real torch)', () => {
  const dir = suiteDir('convert');
  const models = join(dir, 'models');
  const tmp = join(dir, 'tmp');
  const runtime = new RuntimeService(forkRuntime());
  afterAll(() => runtime.dispose());
  let made: { torch: string };

  beforeAll(() => {
    mkdirSync(models);
    mkdirSync(tmp);
    clearPythonCache();
    made = JSON.parse(execFileSync(PYTHON, [join(PYTHON_SCRIPTS, 'convert_models.py'), models], { encoding: 'utf8' })) as { torch: string };
  });

  let n = 0;
  const request = (model: string, extra: Partial<ConvertRequest> = {}): ConvertRequest => ({
    format: 'torchscript',
    src: join(models, model),
    out: join(dir, `out-${++n}`, 'model.onnx'),
    scan: 'safe',
    python: PYTHON,
    inputs: INPUT,
    ...extra,
  });
  const convert = (req: ConvertRequest, ctx = job().ctx) => {
    mkdirSync(join(req.out, '..'), { recursive: true });
    return convertToOnnx(req, ctx, { runtime, tmpDir: tmp });
  };
  /** Nothing but `keep` in the output folder (no temp file), and no work folder left. */
  const leftovers = (out: string, keep: string[]) => {
    expect(readdirSync(join(out, '..')).sort()).toEqual(keep);
    expect(readdirSync(tmp)).toEqual([]);
  };

  it('finds Debian’s python with torch 1.13 and numpy, and says which frameworks are missing', async () => {
    const env = await detectPython(PYTHON);
    expect(env.error).toBeUndefined();
    expect(env.python).toMatch(/python3/);
    expect(env.version).toMatch(/^3\.\d+\.\d+$/);
    expect(env.frameworks.torch).toBe(made.torch);
    expect(env.frameworks.numpy).toMatch(/^\d+\.\d+/);
    expect(env.frameworks).toHaveProperty('tensorflow', null);
    expect(env.frameworks).toHaveProperty('tf2onnx', null);
    // Cached for the process: the same object comes back without another probe.
    expect(await detectPython(PYTHON)).toBe(env);
  });

  it('a probe that outlives its timeout is stopped and names the module it was importing', async () => {
    const started = performance.now();
    const env = await detectPython(PYTHON, { refresh: true, timeoutMs: 400 });
    // Stopped at the timeout, not after the cold imports (torch alone takes seconds).
    expect(performance.now() - started).toBeLessThan(1500);
    expect(env.error).toMatch(/^Probing .* timed out after 0\.4 s( while importing \w+| before it started)\.$/);
    // The next call probes afresh rather than keep the cut-short answer.
    const again = await detectPython(PYTHON, { refresh: true });
    expect(again.error).toBeUndefined();
    expect(again.frameworks.torch).toBe(made.torch);
  });

  it('cancelled while looking for Python: CANCELLED at once, nothing written', async () => {
    const { ctx, controller } = job();
    const req = request('net.pt', { python: join(dir, 'python-never-probed') });
    const pending = convert(req, ctx);
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    leftovers(req.out, []);
  });

  it('converts a scripted conv + linear net: the ONNX opens with a dynamic batch, runs, and matches torch', async () => {
    const { ctx, events } = job();
    const req = request('net.pt', { outputNames: ['logits'] });
    const started = performance.now();
    const result = await convert(req, ctx);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `TorchScript conversion of the small net, end to end: ${seconds.toFixed(2)} s (result.seconds ${result.seconds.toFixed(2)})`,
    );

    expect(result.out).toBe(req.out);
    expect(result.converter).toBe('torch.onnx.export');
    expect(result.opset).toBe(17);
    expect(result.frameworks.torch).toBe(made.torch);
    expect(result.script).toContain('torch.jit.load(SRC, map_location="cpu")');
    expect(result.script).toContain('torch.onnx.export(');
    expect(result.inputNames).toEqual(['input']);
    expect(result.outputNames).toEqual(['logits']);
    expect(result.parity.passed).toBe(true);
    expect(result.parity.samples).toBe(3);
    expect(result.parity.rows).toEqual([
      expect.objectContaining({ output: 'logits', dtype: 'float32', shape: [1, 10], elements: 30, mismatches: 0, passed: true }),
    ]);
    expect(result.parity.rows[0]!.maxAbsDiff).toBeLessThan(1e-4);
    expect(events.progress.map((p) => p.label)).toEqual(
      expect.arrayContaining(['Importing torch', 'Loading the TorchScript model', 'Exporting to ONNX (opset 17)', 'Done']),
    );
    leftovers(req.out, ['model.onnx']);

    // The project's reader sees the signature torch wrote: batch is symbolic, the rest fixed.
    const summary = await readModelSummary(req.out);
    expect(summary.graph.inputs.map((i) => [i.name, i.type.elemType, i.type.shape])).toEqual([['input', 'float32', ['batch', 3, 16, 16]]]);
    expect(summary.graph.outputs.map((o) => [o.name, o.type.elemType, o.type.shape])).toEqual([['logits', 'float32', ['batch', 10]]]);
    expect(summary.opsets).toContainEqual(expect.objectContaining({ domain: '', version: 17 }));

    // And onnxruntime-node runs it at another batch size.
    const session = await ort.InferenceSession.create(req.out);
    const x = new ort.Tensor('float32', new Float32Array(2 * 3 * 16 * 16).fill(0.5), [2, 3, 16, 16]);
    const y = (await session.run({ input: x })).logits!;
    expect(y.dims).toEqual([2, 10]);
    await session.release();
  });

  it('converts a traced net with two outputs, naming them output_0 and output_1', async () => {
    const req = request('traced.pt', { samples: 2, seed: 7 });
    const result = await convert(req);
    expect(result.outputNames).toEqual(['output_0', 'output_1']);
    expect(result.parity).toMatchObject({ passed: true, samples: 2, atol: 1e-4, rtol: 1e-3 });
    expect(result.parity.rows.map((r) => [r.output, r.shape])).toEqual([
      ['output_0', [1, 10]],
      ['output_1', [1, 8]],
    ]);
  });

  it('reports a failed parity (it does not hide it) for a model torch cannot reproduce in ONNX', async () => {
    const req = request('noisy.pt');
    const result = await convert(req);
    expect(existsSync(req.out)).toBe(true);
    expect(result.parity.passed).toBe(false);
    const [row] = result.parity.rows;
    expect(row).toMatchObject({ output: 'output', passed: false });
    expect(row!.mismatches).toBeGreaterThan(0);
    expect(row!.maxAbsDiff).toBeGreaterThan(1e-4);
  });

  it('fails with torch’s own message for an op torch 1.13 cannot export, and writes nothing', async () => {
    const req = request('fft.pt', { inputs: [{ name: 'x', dtype: 'float32', shape: [2, 8] }] });
    const err = await failure(convert(req));
    expect(err.code).toBe('CONVERT_FAILED');
    expect(err.message).toContain('at step "Exporting to ONNX (opset 17)"');
    expect(err.message).toMatch(/Exporting the operator '?aten::fft_rfft'? to ONNX opset version 17 is not supported/);
    expect(err.hint).toMatch(/operator/);
    leftovers(req.out, []);
  });

  it('fails with torch’s message when the given input shape is not what the model takes', async () => {
    const req = request('net.pt', { inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 10, 10] }] });
    const err = await failure(convert(req));
    expect(err.code).toBe('CONVERT_FAILED');
    expect(err.message).toContain('at step "Running the model once"');
    expect(err.message).toMatch(/shapes cannot be multiplied/);
    expect(err.hint).toMatch(/input shapes/);
    leftovers(req.out, []);
  });

  it('cancelled mid-run: the script’s process is killed and no file or work folder is left', async () => {
    let pid: number | undefined;
    const { ctx, events } = job((label, controller) => {
      if (label === 'Importing torch') controller.abort();
    });
    const req = request('net.pt');
    const err = await failure(convert(req, ctx));
    expect(err.code).toBe('CANCELLED');
    for (const line of events.logs) pid ??= Number(/\(pid (\d+)\)/.exec(line)?.[1]) || undefined;
    expect(pid).toBeDefined();
    expect(() => process.kill(pid!, 0)).toThrow(); // ESRCH: gone
    expect(events.progress.map((p) => p.label)).not.toContain('Done');
    leftovers(req.out, []);
  });

  it('refuses a file whose scan did not say safe, before any Python runs', async () => {
    const req = request('net.pt', { scan: 'unknown' });
    const { ctx, events } = job();
    const err = await failure(convert(req, ctx));
    expect(err.code).toBe('UNSAFE_PICKLE');
    expect(events.logs).toEqual([]);
  });

  it('asks for input shapes for TorchScript, and refuses to replace an existing file unless told', async () => {
    expect((await failure(convert(request('net.pt', { inputs: undefined })))).code).toBe('INVALID_REQUEST');
    const req = request('net.pt');
    mkdirSync(join(req.out, '..'), { recursive: true });
    writeFileSync(req.out, 'old');
    expect((await failure(convert(req))).code).toBe('FILE_EXISTS');
    const result = await convert({ ...req, overwrite: true });
    expect(result.parity.passed).toBe(true);
  });

  it('an interpreter without torch is PYTHON_UNAVAILABLE with the install line', async () => {
    // Debian's python without its site-packages: runs, but cannot import torch or numpy.
    const fake = join(dir, 'python-without-torch');
    writeFileSync(fake, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`);
    chmodSync(fake, 0o755);
    const env = await detectPython(fake);
    expect(env.python).not.toBeNull();
    expect(env.frameworks.torch).toBeNull();

    const req = request('net.pt', { python: fake });
    const err = await failure(convert(req));
    expect(err.code).toBe('PYTHON_UNAVAILABLE');
    expect(err.message).toMatch(/cannot import numpy, torch/);
    expect(err.hint).toContain('apt-get install -y python3-numpy python3-torch');
    expect(err.hint).toContain('pip install numpy torch');
    leftovers(req.out, []);

    const missing = await failure(convert(request('net.pt', { python: join(dir, 'no-such-python') })));
    expect(missing.code).toBe('PYTHON_UNAVAILABLE');
    expect(missing.message).toMatch(/no-such-python\) does not run: .*no-such-python: not found/);
  });

  it('a .pt2 needs torch 2.1: with Debian’s 1.13 it is PYTHON_UNAVAILABLE saying so', async () => {
    const err = await failure(convert(request('net.pt', { format: 'torch-export' })));
    expect(err.code).toBe('PYTHON_UNAVAILABLE');
    expect(err.message).toContain(`torch 2.1 or newer (it has ${made.torch})`);
    expect(err.hint).toContain('pip install "torch>=2.1"');
  });
});
