// `modelcrate diff` as a CI gate runs it: the real bin, real models from python onnx, a real
// runtime process. Exit 0 = none/patch/compatible, 1 = breaking, 2 = could not compare.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { DiffReport } from '../../shared/diff/types';
import { runCli } from '../fixtures/cli-run';
import { describeWithPython, runPython } from '../fixtures/python';
import { suiteDir } from '../fixtures/tmp';

describeWithPython('modelcrate diff', () => {
  const dir = suiteDir('cli-diff');
  let m: Record<string, string>;
  beforeAll(() => {
    m = runPython<Record<string, string>>('diff_models.py', [join(dir, 'models')]);
  });

  it('identical: exit 0, "NO CHANGE", every section, samples matched', async () => {
    const r = await runCli(['diff', m.base!, m.same!, '--runs', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^base\.onnx \(iris-mlp 1\.2\.0\) → same\.onnx \(iris-mlp 1\.2\.0\)\n\nNO CHANGE: version stays 1\.2\.0\n/);
    for (const title of [
      'Inputs',
      'Outputs',
      'Opsets',
      'Operators (main graph, changed counts)',
      'Metadata',
      'Size',
      'Golden samples of the older model (random, 1)',
      'Latency (p50, this machine)',
      'Why',
    ]) {
      expect(r.stdout).toContain(`\n${title}\n`);
    }
    expect(r.stdout).toContain('    random-7: outputs match within tolerance (max |diff| 0)');
  });

  it('input renamed: exit 1 (breaking), a ~ rename line, the suggested major version', async () => {
    const r = await runCli(['diff', m.base!, m['renamed-input']!, '--runs', '3']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('BREAKING: suggested version 2.0.0 (major bump from 1.2.0)');
    expect(r.stdout).toContain('  ~ x float32[batch, 4] → features float32[batch, 4]  (renamed "x" → "features")');
    expect(r.stdout).toContain('  − random-7: the newer model failed — INPUT_UNKNOWN:');
  });

  it('output removed: exit 1; output added: exit 0 with a + line and a minor bump', async () => {
    const removed = await runCli(['diff', m.base!, m['output-removed']!, '--no-run']);
    expect(removed.code, removed.stderr).toBe(1);
    expect(removed.stdout).toContain('  − logits float32[batch, 3]');
    const added = await runCli(['diff', m.base!, m['output-added']!, '--no-run']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('  + h float32[batch, 8]');
    expect(added.stdout).toContain('COMPATIBLE: suggested version 1.3.0 (minor bump from 1.2.0)');
  });

  it('--json: one line, the DiffReport; float16 is breaking with exit 1', async () => {
    const r = await runCli(['diff', m.base!, m.float16!, '--json', '--runs', '3']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report).toMatchObject({
      schemaVersion: 1,
      classification: 'breaking',
      bump: 'major',
      fromVersion: '1.2.0',
      suggestedVersion: '2.0.0',
      newerVersionOk: false,
    });
    expect(report.samples?.results[0]).toMatchObject({ status: 'newer-failed', error: { code: 'INPUT_TYPE_MISMATCH' } });
  });

  it('weights changed a lot: exit 0 (a behaviour change is minor), the sample marked ~ with the difference', async () => {
    const r = await runCli(['diff', m.base!, m.changed!, '--runs', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('COMPATIBLE: suggested version 1.3.0');
    expect(r.stdout).toMatch(/ {2}~ random-7: outputs differ — output "y", element \d+: older /);
  });

  it("a bundle against its model: exit 0, no change, the bundle's sample run", async () => {
    const bundle = join(dir, 'base-bundle');
    const inputs = join(dir, 'rows.json');
    writeFileSync(inputs, JSON.stringify({ x: { type: 'float32', shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8] } }));
    const p = await runCli(['pack', m.base!, '--out', bundle, '--sample', inputs]);
    expect(p.code, p.stderr).toBe(0);
    const r = await runCli(['diff', bundle, m.base!, '--json', '--runs', '3']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report.classification).toBe('none');
    expect(report.older.kind).toBe('bundle');
    expect(report.samples).toEqual({ source: 'bundle', results: [expect.objectContaining({ name: 'rows', status: 'match' })] });
  });

  it('a file that is not a model: exit 2 with one error line', async () => {
    const r = await runCli(['diff', m.base!, join(dir, 'missing.onnx')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error\[FILE_NOT_FOUND\]: /)]);
    const notOnnx = await runCli(['diff', m.base!, join(dir, 'rows.json')]);
    expect(notOnnx.code).toBe(2);
    expect(notOnnx.stderr).toMatch(/^error\[(NOT_ONNX|MALFORMED|TRUNCATED)\]: /);
  });
});
