// The version diff service on real models: a model built with python onnx and edited copies of it
// (test/python/diff_models.py), compared with the real reader, weight digests and onnxruntime
// (golden samples run on both, latency timed).
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DiffReport } from '../../shared/diff/types';
import { compareModels, type CompareOptions } from '../../core/diff/compare-models';
import { loadSide } from '../../core/diff/load-side';
import { packBundle } from '../../core/bundle/pack';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { externalData } from '../fixtures/external-models';
import { describeWithPython, runPython } from '../fixtures/python';
import { suiteDir } from '../fixtures/tmp';

describeWithPython('model diff service (real models, real onnxruntime)', () => {
  const dir = suiteDir('model-diff');
  let models: Record<string, string>;
  let runtime: RuntimeService;
  beforeAll(() => {
    models = runPython<Record<string, string>>('diff_models.py', [join(dir, 'models')]);
    runtime = new RuntimeService(forkRuntime());
  });
  afterAll(() => runtime.dispose());

  const diff = async (a: string, b: string, opts: CompareOptions = {}): Promise<DiffReport> =>
    compareModels(await loadSide(models[a] ?? a, join(dir, 'x')), await loadSide(models[b] ?? b, join(dir, 'x')), {
      runtime,
      runs: 5,
      ...opts,
    });
  const counted = (r: DiffReport) => r.findings.filter((f) => f.severity !== 'info');

  it('identical copy: none, samples match exactly, latency measured for both', async () => {
    const r = await diff('base', 'same');
    expect(r.classification).toBe('none');
    expect(r.suggestedVersion).toBe('1.2.0');
    expect(counted(r)).toEqual([]);
    expect(r.samples).toEqual({
      source: 'random',
      results: [expect.objectContaining({ name: 'random-7', status: 'match', outputs: ['y', 'logits'], maxAbsDiff: 0 })],
    });
    expect(r.performance?.older.p50).toBeGreaterThan(0);
    expect(r.performance?.newer.runs).toBe(5);
  });

  it('weights nudged by 1e-7: patch (the weight digest changed), outputs match within tolerance', async () => {
    const r = await diff('base', 'nudged');
    expect(r.classification).toBe('patch');
    expect(r.suggestedVersion).toBe('1.2.1');
    expect(counted(r)).toEqual([expect.objectContaining({ area: 'weights', message: '1 of 4 weights changed value (W1)' })]);
    expect(r.weights).toEqual({ older: 4, newer: 4, changed: ['W1'], added: [], removed: [] });
    expect(r.samples!.results[0]!.status).toBe('match');
    expect(r.samples!.results[0]!.maxAbsDiff).toBeLessThan(1e-5);
  });

  it('weights changed a lot: the outputs differ, reported per sample → at least minor', async () => {
    const r = await diff('base', 'changed');
    expect(r.classification).toBe('compatible');
    const s = r.samples!.results[0]!;
    expect(s.status).toBe('differ');
    expect(s.detail).toMatch(/^output "y", element \d+: older [\d.e-]+, newer [\d.e-]+ \(\|diff\|/);
    expect(s.maxAbsDiff).toBeGreaterThan(0.01);
    expect(r.findings).toContainEqual(expect.objectContaining({ area: 'samples', severity: 'compatible' }));
  });

  it('input renamed: breaking (a rename, not remove + add); the sample the newer model refuses is reported, not thrown', async () => {
    const r = await diff('base', 'renamed-input');
    expect(r.classification).toBe('breaking');
    expect(r.suggestedVersion).toBe('2.0.0');
    expect(r.io.inputs).toEqual([
      expect.objectContaining({
        status: 'renamed',
        older: expect.objectContaining({ name: 'x' }),
        newer: expect.objectContaining({ name: 'features' }),
      }),
    ]);
    expect(r.samples!.results[0]).toMatchObject({ status: 'newer-failed', error: { code: 'INPUT_UNKNOWN' } });
    // No sample runs on both: each model is timed on its own seeded random inputs, and says so.
    expect(r.performance?.inputs).toMatch(
      /^each model's own seeded random inputs \(seed 7; the signatures differ\), 3 warm-up \+ 5 runs each$/,
    );
    expect(r.performance?.newer.p50).toBeGreaterThan(0);
  });

  it('output renamed: breaking, and the sample still compares its values under the new name', async () => {
    const r = await diff('base', 'renamed-output');
    expect(r.classification).toBe('breaking');
    expect(r.io.outputs.map((o) => o.status)).toEqual(['renamed', 'same']);
    expect(r.samples!.results[0]).toMatchObject({ status: 'match', outputs: ['y', 'logits'], maxAbsDiff: 0 });
  });

  it('output removed: breaking; output added: compatible (minor)', async () => {
    const removed = await diff('base', 'output-removed');
    expect(removed.classification).toBe('breaking');
    expect(removed.io.outputs.map((o) => o.status)).toEqual(['same', 'removed']);
    expect(removed.samples!.results[0]).toMatchObject({ status: 'match', outputs: ['y'] });
    const added = await diff('base', 'output-added');
    expect(added.classification).toBe('compatible');
    expect(added.suggestedVersion).toBe('1.3.0');
    expect(added.io.outputs.map((o) => o.status)).toEqual(['same', 'same', 'added']);
  });

  it('input batch dim fixed → dynamic: compatible (outputs follow the input dim); the reverse is breaking', async () => {
    const relaxed = await diff('fixed-batch', 'base');
    expect(relaxed.classification).toBe('compatible');
    expect(relaxed.io.inputs[0]!.notes).toEqual(['dim 0: 1 → batch']);
    expect(relaxed.samples!.results[0]!.status).toBe('match');
    expect((await diff('base', 'fixed-batch', { run: false })).classification).toBe('breaking');
  });

  it('dtype float32 → float16: breaking, and the float32 sample is refused by the newer model', async () => {
    const r = await diff('base', 'float16');
    expect(r.classification).toBe('breaking');
    expect(r.findings.filter((f) => f.severity === 'breaking').map((f) => f.message)).toEqual([
      'input "x": type float32 → float16',
      'output "y": type float32 → float16',
      'output "logits": type float32 → float16',
      expect.stringMatching(/^sample "random-7": the newer model fails .*INPUT_TYPE_MISMATCH/),
    ]);
  });

  it('opset raised 15 → 17: compatible (minor), saying runtimes must support it', async () => {
    const r = await diff('base', 'opset-raised');
    expect(r.classification).toBe('compatible');
    expect(r.opsets).toEqual([{ domain: 'ai.onnx', older: 15, newer: 17 }]);
    expect(counted(r)).toEqual([
      expect.objectContaining({ area: 'opsets', why: expect.stringMatching(/runtimes that support only ai\.onnx ≤ 15 cannot load it/) }),
    ]);
  });

  it('metadata description changed: patch', async () => {
    const r = await diff('base', 'described', { run: false });
    expect(r.classification).toBe('patch');
    expect(counted(r)).toEqual([expect.objectContaining({ subject: 'metadata description', severity: 'patch' })]);
    expect(r.samples).toBeUndefined();
  });

  it("a bundle against its own model: none; the bundle's golden samples are the ones run", async () => {
    const summary = await readModelSummary(models.base!);
    const bundle = join(dir, 'base-bundle.tar.gz');
    await packBundle({
      modelPath: models.base!,
      summary,
      metadata: metadataOfModel(summary).metadata,
      samples: [{ name: 'two-rows', inputs: { x: { type: 'float32', shape: [2, 4], data: [1, 2, 3, 4, 0.5, 0.1, -1, 2] } } }],
      out: bundle,
      runtime,
    });
    const r = await diff(bundle, 'base');
    expect(r.older).toMatchObject({ kind: 'bundle', label: 'base-bundle.tar.gz', version: '1.2.0' });
    expect(r.classification).toBe('none');
    expect(r.samples).toEqual({ source: 'bundle', results: [expect.objectContaining({ name: 'two-rows', status: 'match' })] });
    const changed = await diff(bundle, 'changed');
    expect(changed.samples!.results[0]).toMatchObject({ name: 'two-rows', status: 'differ' });
  });

  it('weights in an external data file: a changed byte there is a weight change (patch), the copy is none', async () => {
    const src = externalData(join(dir, 'ext'));
    const copy = join(dir, 'ext-copy');
    cpSync(dirname(src), copy, { recursive: true });
    const same = await diff(src, join(copy, 'model.onnx'), { run: false });
    expect(same.classification).toBe('none');
    const data = readdirSync(copy).find((f) => f !== 'model.onnx')!;
    const bytes = readFileSync(join(copy, data));
    bytes[33] = bytes[33]! ^ 0x01; // inside B (offset 32), the second initializer
    writeFileSync(join(copy, data), bytes);
    const r = await diff(src, join(copy, 'model.onnx'), { run: false });
    expect(r.classification).toBe('patch');
    expect(r.findings).toEqual([
      expect.objectContaining({ area: 'weights', message: expect.stringMatching(/^1 of 2 weights changed value/) }),
    ]);
  });

  it('cancelled while timing: CANCELLED, and the runtime still serves the next comparison', async () => {
    const stop = new AbortController();
    const labels: string[] = [];
    const run = diff('base', 'same', {
      signal: stop.signal,
      runs: 100_000,
      progress: (_d, _t, label) => {
        labels.push(label);
        if (label.startsWith('Timing the older model: run ')) stop.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(labels).toContain('Sample random-7 on both models');
    expect((await diff('base', 'same', { run: true })).classification).toBe('none');
  });

  it('cancelled: CANCELLED, nothing reported', async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(diff('base', 'same', { signal: stop.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
