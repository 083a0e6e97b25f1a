// `modelcrate pack` and `modelcrate verify` as scripts run them: the real bin (dist/cli.mjs, built
// by the test setup), a real runtime process; exit codes, the one-line summaries, --json, and the
// CLI's error contract (exit 2, one `error[CODE]: message` line on stderr).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../shared/bundle/manifest';
import { mlp } from '../fixtures/models';
import { runCli } from '../fixtures/cli-run';
import { suiteDir } from '../fixtures/tmp';

const cli = (...args: string[]) => runCli(args);

function oneErrorLine(r: { code: number | null; stderr: string }, code: string): string {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: \\S`));
  return lines[0]!;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('modelcrate pack / verify', () => {
  const dir = suiteDir('bundle-cli');
  let model: string;
  let inputs: string;
  beforeAll(() => {
    model = mlp(dir);
    inputs = join(dir, 'cat.json');
    writeFileSync(inputs, JSON.stringify({ x: { type: 'float32', shape: [1, 4], data: [1, 2, 3, 4] } }));
  });

  it('pack to a folder prints one line with path, size, sha256 of modelcrate.json and files; verify exits 0', async () => {
    const out = join(dir, 'bundle');
    const r = await cli('pack', model, '--out', out, '--sample', inputs, '--sample', 'x=random:7');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      new RegExp(
        `^packed ${out} \\(folder, [\\d.]+ KB, 7 files, 2 samples \\([\\d.]+ K?B\\)\\) sha256 ${sha(join(out, 'modelcrate.json'))} \\(of modelcrate\\.json\\)\\n$`,
      ),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'modelcrate.json'), 'utf8')) as Manifest;
    expect(manifest.samples.map((s) => s.name)).toEqual(['cat', 'random-7']);
    const v = await cli('verify', out);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/^ok {4}manifest: mlp 0\.1\.0/);
    expect(v.stdout).toContain('ok    sample cat: 1 output reproduced');
    expect(v.stdout.trim().split('\n').at(-1)).toMatch(/^verified .*: all \d+ checks hold$/);
  });

  it('pack --json to a .tar.gz with --meta; verify --json prints the report', async () => {
    const meta = join(dir, 'meta.json');
    writeFileSync(
      meta,
      JSON.stringify({
        schemaVersion: 1,
        name: 'iris-mlp',
        version: '1.2.0',
        license: 'MIT',
        task: 'classification',
        labels: ['a', 'b', 'c'],
      }),
    );
    const out = join(dir, 'iris.tar.gz');
    const r = await cli('pack', model, '--out', out, '--meta', meta, '--json');
    expect(r.code, r.stderr).toBe(0);
    const line = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(line).toEqual({
      path: out,
      format: 'tar.gz',
      bytes: readFileSync(out).length,
      sha256: sha(out),
      files: 5,
      samples: 0,
      sampleBytes: 0,
      summarized: [],
    });
    const v = await cli('verify', out, '--json');
    expect(v.code, v.stderr).toBe(0);
    const report = JSON.parse(v.stdout) as { ok: boolean; format: string; manifest: Manifest; checks: unknown[] };
    expect(report).toMatchObject({
      ok: true,
      format: 'tar.gz',
      manifest: { metadata: { name: 'iris-mlp', version: '1.2.0', license: 'MIT', labels: ['a', 'b', 'c'] } },
    });
  });

  it('pack --keep-outputs names outputs of the model; --sample-budget takes a size', async () => {
    const ok = await cli(
      'pack',
      model,
      '--out',
      join(dir, 'kept'),
      '--sample',
      inputs,
      '--keep-outputs',
      'y',
      '--sample-budget',
      '1MiB',
      '--json',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ samples: 1, summarized: [] });
    const unknown = await cli('pack', model, '--out', join(dir, 'unknown-output'), '--sample', inputs, '--keep-outputs', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error\[INVALID_REQUEST\]: The model has no output "nope" to keep in its samples\./);
    const size = await cli('pack', model, '--out', join(dir, 'bad-size'), '--sample-budget', 'lots');
    expect(size.code).not.toBe(0);
    expect(size.stderr).toMatch(/expected a size such as 16777216, 512KiB or 64MiB/);
  });

  it('pack without --out writes <name>-<version>.tar.gz beside the model, as Export → Bundle names it', async () => {
    const sub = join(dir, 'default-out');
    mkdirSync(sub);
    const here = mlp(sub);
    const r = await cli('pack', here, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = join(sub, 'mlp-0.1.0.tar.gz');
    expect(JSON.parse(r.stdout)).toMatchObject({ path: out, format: 'tar.gz', sha256: sha(out) });
    expect((await cli('verify', out)).code).toBe(0);
    // A second run does not replace it silently.
    expect(oneErrorLine(await cli('pack', here), 'FILE_EXISTS')).toContain('pass --force');
  });

  it('a model given where a bundle is meant (verify, artifact push) says to pack it first', async () => {
    expect(oneErrorLine(await cli('verify', model), 'BUNDLE_INVALID')).toBe(
      'error[BUNDLE_INVALID]: mlp.onnx is an ONNX model, not a bundle (a folder or .tar.gz made by `modelcrate pack`). Pack it first: `modelcrate pack mlp.onnx` writes <name>-<version>.tar.gz beside it; then use that.',
    );
    const push = await cli('artifact', 'push', model, '127.0.0.1:9/models/mlp:1');
    expect(push.code).toBe(2);
    expect(push.stderr.trim().split('\n').at(-1)).toMatch(
      /^error\[BUNDLE_INVALID\]: mlp\.onnx is an ONNX model, not a bundle .*Pack it first: `modelcrate pack mlp\.onnx`/,
    );
  });

  it('FILE_EXISTS without --force, replaced with it; bad metadata fails before anything is written', async () => {
    const out = join(dir, 'twice.tar.gz');
    expect((await cli('pack', model, '--out', out)).code).toBe(0);
    expect(oneErrorLine(await cli('pack', model, '--out', out), 'FILE_EXISTS')).toContain('pass --force');
    expect((await cli('pack', model, '--out', out, '--force')).code).toBe(0);
    const meta = join(dir, 'bad-meta.json');
    writeFileSync(meta, JSON.stringify({ schemaVersion: 1, name: 'Bad Name', version: '1' }));
    const before = readdirSync(dir).sort();
    expect(oneErrorLine(await cli('pack', model, '--out', join(dir, 'never'), '--meta', meta), 'INVALID_METADATA')).toContain('"name"');
    expect(
      oneErrorLine(await cli('pack', model, '--out', join(dir, 'never'), '--sample', join(dir, 'missing.json')), 'FILE_NOT_FOUND'),
    ).toBeTruthy();
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('verify of a tampered bundle exits 2 with error[BUNDLE_TAMPERED] naming the file (and the report with --json)', async () => {
    const out = join(dir, 'to-tamper');
    expect((await cli('pack', model, '--out', out)).code).toBe(0);
    writeFileSync(join(out, 'README.md'), 'edited\n');
    const r = await cli('verify', out);
    expect(oneErrorLine(r, 'BUNDLE_TAMPERED')).toContain('"README.md" has 7 bytes; modelcrate.json says');
    expect(r.stdout).toContain('FAIL  file README.md:');
    const j = await cli('verify', out, '--json');
    oneErrorLine(j, 'BUNDLE_TAMPERED');
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { code: 'BUNDLE_TAMPERED' } });
  });

  it('verify of a path that does not exist → error[FILE_NOT_FOUND]', async () => {
    const missing = join(dir, 'nope.tar.gz');
    expect(existsSync(missing)).toBe(false);
    oneErrorLine(await cli('verify', missing), 'FILE_NOT_FOUND');
  });
});
