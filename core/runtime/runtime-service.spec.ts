// The runtime service against real onnxruntime in a real child process (dist/runtime-worker.mjs,
// built by the test setup), with expected values from numpy.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { tensorToJson, wireToTensor } from '../../shared/tensor-json';
import type { JsonTensor, TensorMap } from '../../shared/tensors';
import { bigInitializers, mlp } from '../../test/fixtures/models';
import { slowMatMuls } from '../../test/e2e/support/models';
import { mlpExpected } from '../../test/fixtures/mlp-expected';
import { ALL_TYPES, allTypesIdentity } from '../../test/fixtures/runtime-models';
import { suiteDir } from '../../test/fixtures/tmp';
import { forkRuntime } from './fork-runtime';
import { RuntimeService } from './runtime-service';

const dir = suiteDir('runtime');
let mlpPath: string;
let service: RuntimeService;
beforeAll(() => {
  mlpPath = mlp(dir);
});
afterEach(async () => {
  await service?.dispose();
});

const X = [
  [1, 2, 3, 4],
  [-0.5, 0.25, 2, -1],
];
const xTensor = (rows = X): TensorMap => ({ x: { type: 'float32', shape: [rows.length, 4], data: new Float32Array(rows.flat()) } });
const rowsOf = (data: ArrayLike<number>, cols: number) =>
  Array.from({ length: data.length / cols }, (_, r) => Array.from(data).slice(r * cols, (r + 1) * cols));

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('RuntimeService', () => {
  it('runs the mlp in the runtime process and matches numpy', async () => {
    service = new RuntimeService(forkRuntime());
    const info = await service.open('m1', mlpPath);
    expect(info).toMatchObject({ inputNames: ['x'], outputNames: ['y'] });
    expect(service.pid).toBeGreaterThan(0);
    expect(service.pid).not.toBe(process.pid);
    const { outputs, runMs } = await service.run('m1', xTensor());
    expect(runMs).toBeGreaterThan(0);
    expect(outputs.y).toMatchObject({ type: 'float32', shape: [2, 3] });
    const expected = mlpExpected(mlpPath, X);
    rowsOf(outputs.y!.data as Float32Array, 3).forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]![c]!, 6)));
  });

  it('reuses one session across runs and reloads only when the options change', async () => {
    service = new RuntimeService(forkRuntime());
    const first = await service.open('m1', mlpPath);
    const pid = service.pid;
    expect(await service.open('m1', mlpPath)).toBe(first);
    for (let i = 0; i < 5; i++) await service.run('m1', xTensor());
    expect(await service.open('m1', mlpPath, { intraOpNumThreads: 0 })).toBe(first);
    const reloaded = await service.open('m1', mlpPath, {
      intraOpNumThreads: 1,
      graphOptimizationLevel: 'basic',
      freeDimensionOverrides: { batch: 2 },
    });
    expect(reloaded).not.toBe(first);
    await service.run('m1', xTensor());
    expect(service.pid).toBe(pid);
  });

  it('carries every type onnxruntime runs, int64/uint64 beyond 2^53 and float16 exact', async () => {
    service = new RuntimeService(forkRuntime());
    await service.open('t', allTypesIdentity(dir));
    const samples: Record<string, JsonTensor['data']> = {
      float32: [1.5, 'NaN'],
      float64: [1e-300, '-Infinity'],
      float16: [0.0999755859375, 65504],
      int8: [-128, 127],
      int16: [-32768, 7],
      int32: [2147483647, -1],
      int64: ['9007199254740993', '-9223372036854775808'],
      uint8: [0, 255],
      uint16: [65535, 1],
      uint32: [4294967295, 0],
      uint64: ['18446744073709551615', 9007199254740991],
      bool: [true, false],
      string: ['héllo', ''],
    };
    const inputs: TensorMap = {};
    for (const t of ALL_TYPES) inputs[`in_${t}`] = wireToTensor({ type: t, shape: [2], data: samples[t]! }, t);
    const { outputs } = await service.run('t', inputs);
    for (const t of ALL_TYPES) expect(tensorToJson(outputs[`out_${t}`]!), t).toEqual({ type: t, shape: [2], data: samples[t] });
    expect((outputs.out_int64!.data as BigInt64Array)[0]).toBe(9007199254740993n);
  });

  it('reports a crash of the runtime process to the pending call, then restarts and reloads', async () => {
    service = new RuntimeService(forkRuntime());
    await service.open('m1', mlpPath);
    const firstPid = service.pid!;
    let killed = false;
    const pending = service.profile('m1', xTensor(), {
      warmup: 0,
      runs: 10_000_000,
      onProgress: () => {
        if (!killed) process.kill(firstPid, 'SIGKILL');
        killed = true;
      },
    });
    const queued = service.run('m1', xTensor());
    const err = await rejection(pending);
    expect(err.code).toBe('RUNTIME_CRASHED');
    expect(err.message).toBe('The runtime process stopped unexpectedly (killed by SIGKILL) while profiling mlp.onnx.');
    expect(err.hint).toMatch(/next call starts a new runtime process/);
    expect((await rejection(queued)).code).toBe('RUNTIME_CRASHED');
    const { outputs } = await service.run('m1', xTensor());
    expect(outputs.y!.shape).toEqual([2, 3]);
    expect(service.pid).not.toBe(firstPid);
  });

  it('cancels a queued run and a running profile; the next call still works', async () => {
    service = new RuntimeService(forkRuntime());
    await service.open('m1', mlpPath);
    const profiling = new AbortController();
    const profile = service.profile('m1', xTensor(), {
      warmup: 0,
      runs: 10_000_000,
      signal: profiling.signal,
      onProgress: () => profiling.abort(),
    });
    const queued = new AbortController();
    const run = service.run('m1', xTensor(), { signal: queued.signal });
    queued.abort();
    expect((await rejection(run)).code).toBe('CANCELLED');
    expect((await rejection(profile)).code).toBe('CANCELLED');
    expect((await service.run('m1', xTensor())).outputs.y!.shape).toEqual([2, 3]);
  });

  it('stops a running run at once (the process ends); the next call reopens the session and answers', async () => {
    service = new RuntimeService(forkRuntime());
    await service.open('m1', mlpPath);
    await service.open('slow', slowMatMuls(dir));
    const firstPid = service.pid;
    const stop = new AbortController();
    const started = Date.now();
    const slow = service.run(
      'slow',
      { x: { type: 'float32', shape: [1, 2048], data: new Float32Array(2048).fill(0.001) } },
      { signal: stop.signal },
    );
    const queued = service.run('m1', xTensor());
    setTimeout(() => stop.abort(), 300);
    expect(await rejection(slow)).toMatchObject({
      code: 'CANCELLED',
      message: 'The run was stopped; the runtime restarts for the next call.',
    });
    expect(Date.now() - started).toBeLessThan(3000); // 16 MatMuls of 2048² take far longer than that here
    // The call queued behind it runs in a fresh process, its session re-opened.
    expect((await queued).outputs.y!.shape).toEqual([2, 3]);
    expect(service.pid).not.toBe(firstPid);
  });

  it('close releases the session and its native memory', async () => {
    service = new RuntimeService(forkRuntime());
    await service.open('m1', mlpPath);
    const rss = async () => (await service.profile('m1', xTensor(), { warmup: 0, runs: 1 })).rssMB;
    const before = await rss();
    // Optimisations off: constant folding would reduce the weights to one number at load.
    await service.open('big', bigInitializers(dir, 256 << 20), { graphOptimizationLevel: 'disabled' });
    const loaded = await rss();
    expect(loaded - before).toBeGreaterThan(200);
    expect(await service.close('big')).toBe(true);
    expect(await service.close('big')).toBe(false);
    expect(loaded - (await rss())).toBeGreaterThan(200);
    expect((await rejection(service.run('big', xTensor()))).code).toBe('MODEL_NOT_OPEN');
  });

  it('says when the runtime process cannot start at all', async () => {
    service = new RuntimeService(forkRuntime(`${dir}/no-such-worker.mjs`));
    const err = await rejection(service.open('m1', mlpPath));
    expect(err).toMatchObject({ code: 'RUNTIME_CRASHED', message: 'The runtime process could not start (exit code 1).' });
  });

  it('turns onnxruntime failures into RUNTIME_ERROR with its message', async () => {
    service = new RuntimeService(forkRuntime());
    await service.open('m1', mlpPath);
    const bad = await rejection(service.run('m1', { x: { type: 'float32', shape: [1, 5], data: new Float32Array(5) } }));
    expect(bad.code).toBe('RUNTIME_ERROR');
    expect(bad.message).toMatch(/^onnxruntime could not run the model: .+/);
    const notOnnx = await rejection(service.open('m2', `${dir}/missing.onnx`));
    expect(notOnnx).toMatchObject({ code: 'RUNTIME_ERROR', message: expect.stringMatching(/^onnxruntime could not load the model/) });
  });
});
