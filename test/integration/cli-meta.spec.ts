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
import { writeModelMetadata } from '../../core/onnx-write/write-metadata';
import { hasPythonOnnx, runPython } from '../fixtures/python';

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

  it('sets and removes custom keys, lists them, and keeps a foreign comma list of labels in its format', async () => {
    const d = mkdtempSync(join(dir, 'props-'));
    const model = join(d, 'foreign.onnx');
    await writeModelMetadata(mlp(d), model, { set: { labels: 'a,b,c', note: 'from the exporter' } });

    // Only custom keys given: only they change; the labels entry is not touched.
    const a = join(d, 'a.onnx');
    const r = cli('meta', 'set', model, 'props.team=vision', 'props.ci.run:=42', '--out', a);
    expect(r.code, r.stderr).toBe(0);
    expect((await readModelSummary(a)).metadata).toEqual({ labels: 'a,b,c', note: 'from the exporter', team: 'vision', 'ci.run': '42' });
    const got = JSON.parse(cli('meta', 'get', a, '--json').stdout);
    expect(got.props).toEqual({ note: 'from the exporter', team: 'vision', 'ci.run': '42' });
    expect(got.metadata.labels).toEqual(['a', 'b', 'c']);
    expect(cli('meta', 'get', a).stdout).toContain('\n  props.team = vision\n');

    // Editing the record: the comma list means the same, so it stays byte for byte…
    const b = join(d, 'b.onnx');
    expect(cli('meta', 'set', a, 'title=Foreign', '--unset', 'props.note', '--out', b).code).toBe(0);
    const bProps = (await readModelSummary(b)).metadata;
    expect(bProps).toMatchObject({ labels: 'a,b,c', team: 'vision' });
    expect(bProps.note).toBeUndefined();
    expect(JSON.parse(bProps[METADATA_KEY]!).title).toBe('Foreign');
    // …changed labels stay a comma list, until another format is asked for.
    const c = join(d, 'c.onnx');
    expect(cli('meta', 'set', b, 'labels:=["a","b","d"]', '--out', c).code).toBe(0);
    expect((await readModelSummary(c)).metadata.labels).toBe('a,b,d');
    const j = join(d, 'j.onnx');
    expect(cli('meta', 'set', c, '--labels-format', 'json', '--out', j).code).toBe(0);
    expect((await readModelSummary(j)).metadata.labels).toBe('["a","b","d"]');

    if (hasPythonOnnx) {
      const py = runPython<Array<{ path: string; metadata_props: Array<[string, string]>; graph_sha256: string; check: string }>>(
        'check_metadata.py',
        [model, a, c],
      );
      expect(py.map((p) => p.check)).toEqual(['ok', 'ok', 'ok']);
      expect(new Set(py.map((p) => p.graph_sha256)).size).toBe(1);
      expect(py[1]!.metadata_props).toEqual([
        ['labels', 'a,b,c'],
        ['note', 'from the exporter'],
        ['team', 'vision'],
        ['ci.run', '42'],
      ]);
    }

    const out = join(d, 'never.onnx');
    expect(cli('meta', 'set', a, 'props.labels=x', '--out', out).stderr).toMatch(
      /^error\[INVALID_REQUEST\]: "labels" is written by the studio from the metadata record/,
    );
    expect(cli('meta', 'set', a, '--unset', 'team', '--out', out).stderr).toMatch(
      /^error\[INVALID_REQUEST\]: --unset team: only .*Write --unset props\.team/,
    );
    expect(cli('meta', 'set', a, '--out', out).stderr).toMatch(/^error\[INVALID_REQUEST\]: Nothing to change\./);
    expect(existsSync(out)).toBe(false);
  });
});
