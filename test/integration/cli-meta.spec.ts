// `modelcrate meta get|set` through the real bin: defaults, assignments (strings and JSON), a
// metadata file, --out and --in-place (with a backup), and the CLI's error contract.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { METADATA_KEY } from '../../shared/metadata/onnx-props';
import { readModelSummary } from '../../core/onnx/reader';
import { mlp } from '../fixtures/models';
import { externalData } from '../fixtures/external-models';
import { suiteDir } from '../fixtures/tmp';
import { ROOT, runCliSync } from '../fixtures/cli-run';

const cli = runCliSync;

describe('modelcrate meta', () => {
  const dir = suiteDir('cli-meta');
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }, 60_000);

  it('get shows defaults; set writes a copy that get then reads as stored', async () => {
    const model = mlp(mkdtempSync(join(dir, 'a-')));
    const before = cli('meta', 'get', model, '--json');
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ source: 'derived', metadata: { name: 'mlp', version: '0.1.0' } });
    expect(cli('meta', 'get', model).stdout).toContain('no metadata stored');

    const out = join(dir, 'mlp-set.onnx');
    const r = cli(
      'meta',
      'set',
      model,
      'license=MIT',
      'version=2.0.0',
      'authors:=["Ada Lovelace","Grace Hopper"]',
      'provenance.revision=abc123',
      'outputs.y.description=scores',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*mlp-set\.onnx \(\d+ bytes\)\n$/);
    const after = JSON.parse(cli('meta', 'get', out, '--json').stdout);
    expect(after).toMatchObject({
      source: 'stored',
      metadata: {
        license: 'MIT',
        version: '2.0.0',
        authors: ['Ada Lovelace', 'Grace Hopper'],
        provenance: { revision: 'abc123' },
        outputs: { y: { description: 'scores' } },
      },
    });
    const summary = await readModelSummary(out);
    expect(summary.metadata).toMatchObject({ model_license: 'MIT', model_author: 'Ada Lovelace, Grace Hopper' });
    expect(summary.modelVersion).toBe(2_000_000);

    // --from takes `meta get --json` output as it is.
    const file = join(dir, 'meta.json');
    writeFileSync(file, JSON.stringify({ ...after, metadata: { ...after.metadata, title: 'From a file' } }));
    expect(cli('meta', 'set', out, '--from', file, '--in-place').code).toBe(0);
    expect(existsSync(`${out}.bak`)).toBe(true);
    expect(JSON.parse((await readModelSummary(out)).metadata[METADATA_KEY]!).title).toBe('From a file');
    expect(JSON.parse((await readModelSummary(`${out}.bak`)).metadata[METADATA_KEY]!).title).toBe('mlp');
  });

  it('errors name the field, write nothing, and exit 2 with one line', () => {
    const model = mlp(mkdtempSync(join(dir, 'b-')));
    const out = join(dir, 'never.onnx');
    const bad = cli('meta', 'set', model, 'license=not-a-licence', '--out', out);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe(
      'error[INVALID_METADATA]: The metadata has an invalid field "license": an SPDX license expression such as Apache-2.0 or MIT. Fix the field and try again; `modelcrate meta get --json` shows the current values.\n',
    );
    expect(cli('meta', 'set', model, 'title', '--out', out).stderr).toMatch(/^error\[INVALID_REQUEST\]: "title" is not an assignment\./);
    expect(cli('meta', 'set', model, '__proto__.x=1', '--out', out).stderr).toMatch(
      /^error\[INVALID_REQUEST\]: "__proto__.x" is not a metadata field/,
    );
    expect(cli('meta', 'set', model, 'license=MIT').stderr).toMatch(/^error\[INVALID_REQUEST\]: Say where to write/);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps a model with external data beside its weights', () => {
    const model = externalData(mkdtempSync(join(dir, 'c-')));
    const folder = dirname(model);
    const r = cli('meta', 'set', model, 'license=MIT', '--out', join(dir, 'elsewhere.onnx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/keeps its weights in .*; --out must be in the same folder/);
    expect(cli('meta', 'set', model, 'license=MIT', '--out', join(folder, 'with-meta.onnx')).code).toBe(0);
    expect(readFileSync(join(folder, 'with-meta.onnx')).length).toBeGreaterThan(0);
    expect(cli('inspect', join(folder, 'with-meta.onnx')).code).toBe(0); // its external data is found
  });
});
