// `modelcrate predict` and `modelcrate profile` as scripts run them: the real bin, a real runtime
// process, real onnxruntime; expected values from numpy; the CLI's exit-code and stderr promises.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProfileResult } from '../../shared/predictions';
import { mlp, oldIrInitializerInputs } from '../fixtures/models';
import { mlpExpected, mlpTestData } from '../fixtures/mlp-expected';
import { allTypesIdentity } from '../fixtures/runtime-models';
import { runCli } from '../fixtures/cli-run';
import { suiteDir } from '../fixtures/tmp';

const cli = (...args: string[]) => runCli(args);

const X = [
  [1, 2, 3, 4],
  [-0.5, 0.25, 2, -1],
  [0, 0, 0, 0],
];

describe('modelcrate predict / profile', () => {
  const dir = suiteDir('cli-predict');
  let model: string;
  beforeAll(() => {
    model = mlp(dir); // the test setup has built dist/ from the current sources
  });

  function expectOneErrorLine(r: { code: number | null; stdout: string; stderr: string }, code: string): string {
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: \\S`));
    return lines[0]!;
  }

  it('--json prints {"outputs": …} on one line, equal to numpy', async () => {
    const inputs = join(dir, 'inputs.json');
    writeFileSync(inputs, JSON.stringify({ x: { type: 'float32', shape: [3, 4], data: X.flat() } }));
    const r = await cli('predict', model, '--inputs', inputs, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n') && r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { outputs: Record<string, { type: string; shape: number[]; data: number[] }> };
    expect(Object.keys(out)).toEqual(['outputs']);
    expect(out.outputs.y).toMatchObject({ type: 'float32', shape: [3, 3] });
    const expected = mlpExpected(model, X).flat();
    out.outputs.y!.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('predicts an ONNX test-data folder made by onnx.numpy_helper within 1e-4 relative', async () => {
    const folder = join(dir, 'test_data_set_0');
    const expected = mlpTestData(model, X, folder).flat();
    const r = await cli('predict', model, '--inputs', folder, '--json');
    expect(r.code, r.stderr).toBe(0);
    const y = (JSON.parse(r.stdout) as { outputs: { y: { data: number[] } } }).outputs.y.data;
    y.forEach((v, i) => expect(Math.abs(v - expected[i]!) / Math.abs(expected[i]!)).toBeLessThan(1e-4));
  });

  it('keeps int64/uint64 beyond 2^53 exact and float16 as numbers', async () => {
    const inputs = join(dir, 'types.json');
    const data: Record<string, unknown[]> = {
      float32: [1.5, 'NaN'],
      float64: [0.1, 'Infinity'],
      float16: [0.5, -2],
      int8: [-1, 2],
      int16: [3, 4],
      int32: [5, 6],
      int64: ['9007199254740993', -1],
      uint8: [7, 8],
      uint16: [9, 10],
      uint32: [11, 12],
      uint64: ['18446744073709551615', 0],
      bool: [true, false],
      string: ['a', 'b'],
    };
    writeFileSync(
      inputs,
      JSON.stringify(Object.fromEntries(Object.entries(data).map(([t, d]) => [`in_${t}`, { type: t, shape: [2], data: d }]))),
    );
    const r = await cli('predict', allTypesIdentity(dir), '--inputs', inputs, '--json');
    expect(r.code, r.stderr).toBe(0);
    const { outputs } = JSON.parse(r.stdout) as { outputs: Record<string, { type: string; data: unknown[] }> };
    for (const [t, d] of Object.entries(data)) expect(outputs[`out_${t}`], t).toEqual({ type: t, shape: [2], data: d });
  });

  it('prints a readable report by default', async () => {
    const r = await cli('predict', model, '--inputs', 'x=random:7', '--dim', 'batch=2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^mlp\.onnx {2}predicted in [\d.]+ ms \(session\.run [\d.]+ ms\)\n\ny {2}float32 \[2, 3\]\n/);
    expect(r.stdout).toMatch(/min [\d.e-]+ · max [\d.e-]+ · mean 0\.3333/);
    expect(r.stdout).toMatch(/top-3 \[0\] {2}#\d [\d.]+ · #\d/);
  });

  it('exits 2 with one error line for bad inputs and unreadable models', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ x: { shape: [2, 5], data: new Array(10).fill(0) } }));
    expect(expectOneErrorLine(await cli('predict', model, '--inputs', bad, '--json'), 'INPUT_DIM_MISMATCH')).toBe(
      'error[INPUT_DIM_MISMATCH]: Input "x" has shape [2,5] but the model expects [batch,4]: dimension 1 must be 4.',
    );
    expectOneErrorLine(await cli('predict', model, '--inputs', join(dir, 'none.json')), 'FILE_NOT_FOUND');
    expectOneErrorLine(await cli('predict', join(dir, 'missing.onnx'), '--inputs', bad), 'FILE_NOT_FOUND');
  });

  it('profile --json: percentiles per batch size, load time, peak RSS', async () => {
    const r = await cli('profile', model, '--runs', '30', '--warmup', '3', '--batch', '1,8', '--json');
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as ProfileResult;
    expect(p.batches.map((b) => [b.batch, b.runs, b.warmup])).toEqual([
      [1, 30, 3],
      [8, 30, 3],
    ]);
    for (const b of p.batches) expect(b.p50 <= b.p90 && b.p90 <= b.p99 && b.min > 0).toBe(true);
    expect(p.loadMs).toBeGreaterThan(0);
    expect(p.peakRssMB).toBeGreaterThan(10);
    expect(p.batchDim).toBe('batch');
  });

  it('profile prints a table, and refuses batch sizes a fixed-batch model cannot take', async () => {
    const r = await cli('profile', model, '--runs', '5', '--batch', '1,4');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/session load [\d.]+ ms · peak RSS \d+ MB/);
    expect(r.stdout).toMatch(/batch +p50 ms +p90 ms +p99 ms +mean ms +runs\/s\n +1 +[\d.]+/);
    const fixed = await cli('profile', oldIrInitializerInputs(dir), '--batch', '8');
    expect(expectOneErrorLine(fixed, 'INVALID_REQUEST')).toMatch(
      /no symbolic batch dimension \(input "x" is float32\[1,4\]\), so it runs at batch 1 only/,
    );
  });
});
