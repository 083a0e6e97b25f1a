// verify against tampering: one byte changed in any file, a truncated, missing or extra file, a
// manifest that no longer parses, a link inside the folder, a sample whose recorded outputs were
// edited (with the manifest's digests redone so only the sample check can catch it). Each fails
// with the code and a message naming the file, sample, output and element.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packBundle } from '../../core/bundle/pack';
import type { VerifyReport } from '../../shared/bundle/verify-report';
import { verifyBundle } from '../../core/bundle/verify';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import type { Manifest } from '../../shared/bundle/manifest';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

describe('verifyBundle on tampered bundles', () => {
  const dir = suiteDir('bundle-verify');
  const runtime = new RuntimeService(forkRuntime());
  afterAll(() => runtime.dispose());
  const pristine = join(dir, 'pristine');
  let n = 0;

  beforeAll(async () => {
    const model = mlp(dir);
    const summary = await readModelSummary(model);
    await packBundle({
      modelPath: model,
      summary,
      metadata: metadataOfModel(summary).metadata,
      out: pristine,
      runtime,
      samples: [{ name: 'first', inputs: { x: { shape: [2, 4], data: [1, 2, 3, 4, -1, 0.5, 0, 2] } } }],
    });
  });

  /** A fresh copy of the pristine bundle, changed by `edit`. */
  function tampered(edit: (root: string) => void): string {
    const root = join(dir, `case-${n++}`);
    cpSync(pristine, root, { recursive: true });
    edit(root);
    return root;
  }
  const flipByte = (file: string, at = 0.5) => {
    const b = readFileSync(file);
    const i = Math.floor(b.length * at);
    b[i] = b[i]! ^ 0x01;
    writeFileSync(file, b);
  };
  const manifestOf = (root: string) => JSON.parse(readFileSync(join(root, 'modelcrate.json'), 'utf8')) as Manifest;
  const writeManifest = (root: string, m: unknown) => writeFileSync(join(root, 'modelcrate.json'), JSON.stringify(m));
  /** Redoes the manifest's size and sha256 of `rel`, as a forger who edits it would. */
  const relist = (root: string, rel: string) => {
    const m = manifestOf(root);
    const bytes = readFileSync(join(root, rel));
    Object.assign(
      m.files.find((f) => f.path === rel)!,
      { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    );
    writeManifest(root, m);
  };
  async function failsWith(root: string, code: string, message: RegExp): Promise<VerifyReport> {
    const report = await verifyBundle(root, { runtime, tempParent: dir });
    expect(report.ok).toBe(false);
    expect(report.error?.code, JSON.stringify(report.checks)).toBe(code);
    expect(report.error?.message).toMatch(message);
    return report;
  }

  it('the pristine bundle passes', async () => {
    expect((await verifyBundle(pristine, { runtime })).ok).toBe(true);
  });

  for (const file of ['model/mlp.onnx', 'samples/first.json', 'README.md', 'sbom.cdx.json']) {
    it(`one flipped byte in ${file} → BUNDLE_TAMPERED naming it`, async () => {
      const report = await failsWith(
        tampered((r) => flipByte(join(r, file))),
        'BUNDLE_TAMPERED',
        new RegExp(`"${file}" does not match its sha256`),
      );
      // Only that file's check fails; the model is not run on a bundle whose files do not match.
      expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([`file ${file}`]);
      expect(report.checks.some((c) => c.name === 'model loads')).toBe(false);
    });
  }

  it('a truncated file → BUNDLE_TAMPERED with its size', async () => {
    await failsWith(
      tampered((r) => truncateSync(join(r, 'model/mlp.onnx'), 100)),
      'BUNDLE_TAMPERED',
      /"model\/mlp\.onnx" has 100 bytes; modelcrate\.json says \d+/,
    );
  });

  it('a missing file and an extra file → BUNDLE_TAMPERED naming each', async () => {
    await failsWith(
      tampered((r) => rmSync(join(r, 'README.md'))),
      'BUNDLE_TAMPERED',
      /"README\.md" is listed in modelcrate\.json but missing/,
    );
    await failsWith(
      tampered((r) => writeFileSync(join(r, 'samples', 'extra.json'), '{}')),
      'BUNDLE_TAMPERED',
      /not listed in modelcrate\.json: "samples\/extra\.json"/,
    );
  });

  it('a symlink inside the folder → BUNDLE_UNSAFE', async () => {
    await failsWith(
      tampered((r) => symlinkSync('/etc/passwd', join(r, 'model', 'weights.bin'))),
      'BUNDLE_UNSAFE',
      /"model\/weights\.bin" is a symbolic link/,
    );
  });

  it('modelcrate.json with invalid metadata, not JSON, or missing → BUNDLE_INVALID naming the field', async () => {
    await failsWith(
      tampered((r) => writeManifest(r, { ...manifestOf(r), metadata: { ...manifestOf(r).metadata, version: 'one' } })),
      'BUNDLE_INVALID',
      /invalid field "metadata\.version"/,
    );
    await failsWith(
      tampered((r) => writeManifest(r, { ...manifestOf(r), files: manifestOf(r).files.filter((f) => f.path !== 'model/mlp.onnx') })),
      'BUNDLE_INVALID',
      /invalid field "model\.path": "model\/mlp\.onnx" is not among the files/,
    );
    await failsWith(
      tampered((r) => appendFileSync(join(r, 'modelcrate.json'), '}')),
      'BUNDLE_INVALID',
      /modelcrate\.json is not valid JSON/,
    );
    await failsWith(
      tampered((r) => rmSync(join(r, 'modelcrate.json'))),
      'BUNDLE_INVALID',
      /has no modelcrate\.json/,
    );
    await failsWith(
      tampered((r) => writeManifest(r, { ...manifestOf(r), schemaVersion: 3 })),
      'BUNDLE_INVALID',
      /schema version 3/,
    );
  });

  it('metadata changed in the manifest only (digests intact) → BUNDLE_INVALID: the model carries other metadata', async () => {
    await failsWith(
      tampered((r) => writeManifest(r, { ...manifestOf(r), metadata: { ...manifestOf(r).metadata, license: 'MIT' } })),
      'BUNDLE_INVALID',
      /metadata inside model\/mlp\.onnx differs/,
    );
  });

  it('a recorded output edited (manifest digests redone) → SAMPLE_MISMATCH naming sample, output and element', async () => {
    const root = tampered((r) => {
      const file = join(r, 'samples/first.json');
      const s = JSON.parse(readFileSync(file, 'utf8')) as { outputs: { y: { data: number[] } } };
      s.outputs.y.data[4] = s.outputs.y.data[4]! + 0.01;
      writeFileSync(file, JSON.stringify(s));
      relist(r, 'samples/first.json');
    });
    const report = await failsWith(
      root,
      'SAMPLE_MISMATCH',
      /^Sample "first", output "y", element 4: expected [\d.e-]+, got [\d.e-]+ \(\|diff\| 0\.01 > [\d.e-]+, float32 rtol 0\.0001 atol 0\.00001\)\.$/,
    );
    expect(report.checks.find((c) => c.name === 'model loads')?.ok).toBe(true);
  });

  it('a recorded output off by less than the tolerance passes and reports the worst difference', async () => {
    const root = tampered((r) => {
      const file = join(r, 'samples/first.json');
      const s = JSON.parse(readFileSync(file, 'utf8')) as { outputs: { y: { data: number[] } } };
      s.outputs.y.data[2] = s.outputs.y.data[2]! * (1 + 2e-5);
      writeFileSync(file, JSON.stringify(s));
      relist(r, 'samples/first.json');
    });
    const report = await verifyBundle(root, { runtime });
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
    const check = report.checks.find((c) => c.name === 'sample first')!;
    expect(check.worst).toMatchObject({ output: 'y', index: 2 });
    expect(check.message).toMatch(/largest difference [\d.e-]+ \(output "y", element 2\)/);
  });

  describe('as .tar.gz', () => {
    const tarOf = (root: string, name: string) => {
      const out = join(dir, name);
      execFileSync('tar', ['-czf', out, '-C', root, '.']);
      return out;
    };

    it('a re-packed tampered folder fails naming the file; the extraction folder is removed', async () => {
      const temp = join(dir, 'verify-temp');
      mkdirSync(temp);
      const tgz = tarOf(
        tampered((r) => flipByte(join(r, 'README.md'))),
        'tampered.tar.gz',
      );
      const report = await verifyBundle(tgz, { runtime, tempParent: temp });
      expect(report.error).toMatchObject({ code: 'BUNDLE_TAMPERED', message: expect.stringContaining('"README.md" does not match') });
      expect(readdirSync(temp)).toEqual([]);
    });

    it('a damaged archive → BUNDLE_INVALID', async () => {
      const tgz = tarOf(pristine, 'damaged.tar.gz');
      flipByte(tgz, 0.3);
      const report = await verifyBundle(tgz, { runtime, tempParent: dir });
      expect(report.error?.code).toMatch(/^BUNDLE_(INVALID|TAMPERED)$/);
    });
  });
});
