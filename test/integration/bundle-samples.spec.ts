// Lean golden samples (docs/architecture.md §Bundle format): big inputs and outputs as .npy, outputs
// past the bundle's sample budget as sha256 + statistics + a slice. The budget holds; verify and the
// server's self-test still catch one changed element of an output kept in full, and a changed
// slice element or statistic of a summarized one; every new file is covered by the sha256 checks;
// and a bundle in the old format (schema 1, every tensor inline) still opens, verifies and serves.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../core/bundle/open';
import { packBundle } from '../../core/bundle/pack';
import { readSample } from '../../core/bundle/sample-files';
import { verifyBundle } from '../../core/bundle/verify';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { silentLogger } from '../../server/logger';
import { startServer } from '../../server/server';
import { sampleFiles, type Manifest } from '../../shared/bundle/manifest';
import type { SampleIndex } from '../../shared/bundle/sample';
import { metadataOfModel } from '../../shared/metadata/defaults';
import type { ModelSummary } from '../../shared/model-summary';
import { parseNpy, writeNpy } from '../../shared/npy';
import { tensorToJson } from '../../shared/tensor-json';
import { BIG_ELEMENTS, bigOutputInputs, bigOutputModel } from '../fixtures/big-output';
import { suiteDir } from '../fixtures/tmp';

describe('lean golden samples', () => {
  const dir = suiteDir('bundle-samples');
  const runtime = new RuntimeService(forkRuntime());
  afterAll(() => runtime.dispose());
  let model: string;
  let summary: ModelSummary;
  /** Budget 256 KiB: big (1 MiB) and idx (512 KiB) become summaries. */
  const lean = join(dir, 'lean');
  /** The default budget (16 MiB): every output in full. */
  const full = join(dir, 'full');
  const BUDGET = 256 << 10;
  let n = 0;

  const pack = (out: string, extra: Partial<Parameters<typeof packBundle>[0]> = {}) =>
    packBundle({
      modelPath: model,
      summary,
      metadata: metadataOfModel(summary).metadata,
      out,
      runtime,
      samples: [{ name: 'first', inputs: bigOutputInputs() }],
      ...extra,
    });

  beforeAll(async () => {
    model = bigOutputModel(dir);
    summary = await readModelSummary(model);
    await pack(lean, { samplePolicy: { budgetBytes: BUDGET } });
    await pack(full);
  });

  const manifestOf = (root: string) => JSON.parse(readFileSync(join(root, 'modelcrate.json'), 'utf8')) as Manifest;
  const writeManifest = (root: string, m: unknown) => writeFileSync(join(root, 'modelcrate.json'), JSON.stringify(m));
  const indexOf = (root: string) => JSON.parse(readFileSync(join(root, 'samples/first.json'), 'utf8')) as SampleIndex;
  const sampleBytes = (root: string) => sampleFiles(manifestOf(root).samples[0]!).reduce((s, p) => s + statSync(join(root, p)).size, 0);
  const relist = (root: string, rel: string) => {
    const m = manifestOf(root);
    const bytes = readFileSync(join(root, rel));
    Object.assign(
      m.files.find((f) => f.path === rel)!,
      { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    );
    writeManifest(root, m);
  };
  function copy(from: string, edit: (root: string) => void): string {
    const root = join(dir, `case-${n++}`);
    cpSync(from, root, { recursive: true });
    edit(root);
    return root;
  }
  async function failsWith(root: string, code: string, message: RegExp) {
    const report = await verifyBundle(root, { runtime, tempParent: dir });
    expect(report.ok, JSON.stringify(report.checks)).toBe(false);
    expect(report.error?.code, JSON.stringify(report.checks)).toBe(code);
    expect(report.error?.message).toMatch(message);
    return report;
  }

  it('keeps a large input as .npy, summarizes outputs past the budget, and stays under it', () => {
    const m = manifestOf(lean);
    expect(m.schemaVersion).toBe(2);
    expect(m.samples).toEqual([
      {
        name: 'first',
        path: 'samples/first.json',
        format: 'json-index',
        files: [
          { path: 'samples/first/input-1.npy', format: 'npy', role: 'input', tensor: 'z' },
          { path: 'samples/first/output-2.npy', format: 'npy', role: 'output', tensor: 'zneg' },
        ],
        summarized: ['big', 'idx'],
      },
    ]);
    // Every sample file is listed with its sha256, like every other file.
    for (const p of sampleFiles(m.samples[0]!))
      expect(m.files.find((f) => f.path === p)).toMatchObject({ size: statSync(join(lean, p)).size });
    expect(sampleBytes(lean)).toBeLessThanOrEqual(BUDGET);
    const index = indexOf(lean);
    expect(index.inputs.x).toEqual({ type: 'float32', shape: [1, 4], data: [0.5, -1, 2, 0.25] });
    expect(index.outputs.big).toMatchObject({
      type: 'float32',
      shape: [1, BIG_ELEMENTS],
      summary: { count: BIG_ELEMENTS, nan: 0, slice: { step: 1024 } },
    });
    expect((index.outputs.big as { summary: { slice: { data: number[] } } }).summary.slice.data).toHaveLength(256);
    // The same model and samples under the default budget (16 MiB): every output in full, as .npy.
    const f = manifestOf(full).samples[0]!;
    expect(f.summarized).toEqual([]);
    expect(f.files!.map((x) => x.path)).toEqual([
      'samples/first/input-1.npy',
      'samples/first/output-0.npy',
      'samples/first/output-2.npy',
      'samples/first/output-3.npy',
    ]);
    expect(parseNpy(readFileSync(join(full, 'samples/first/output-0.npy'))).shape).toEqual([1, BIG_ELEMENTS]);
  });

  it('several samples share the budget: the later ones keep room for their inputs, the total stays under it', async () => {
    const out = join(dir, 'three');
    const budget = 512 << 10;
    const r = await pack(out, {
      samplePolicy: { budgetBytes: budget },
      samples: ['a', 'b', 'c'].map((name, i) => ({ name, inputs: bigOutputInputs([i, -i, 0.5 * i, 1]) })),
    });
    const total = r.manifest.samples.reduce((sum, s) => sampleFiles(s).reduce((k, p) => k + statSync(join(out, p)).size, sum), 0);
    expect(total).toBeLessThanOrEqual(budget);
    // Every sample keeps its big input in full; big (1 MiB) never fits, so it is summarized in each.
    for (const s of r.manifest.samples) {
      expect(s.files!.filter((f) => f.role === 'input').map((f) => f.tensor)).toEqual(['z']);
      expect(s.summarized).toContain('big');
    }
    expect((await verifyBundle(out, { runtime })).ok).toBe(true);
  });

  it('both verify; the report says how the outputs were compared', async () => {
    const a = await verifyBundle(lean, { runtime });
    expect(a.ok, JSON.stringify(a.checks)).toBe(true);
    expect(a.checks.find((c) => c.name === 'sample first')?.message).toMatch(
      /^4 outputs reproduced \(2 element by element, 2 against a summary\)/,
    );
    const b = await verifyBundle(full, { runtime });
    expect(b.ok, JSON.stringify(b.checks)).toBe(true);
    expect(b.checks.find((c) => c.name === 'sample first')?.message).toMatch(/^4 outputs reproduced/);
  });

  it('one element of an output kept in full (.npy, digests redone) → SAMPLE_MISMATCH naming it', async () => {
    const root = copy(full, (r) => {
      const file = join(r, 'samples/first/output-0.npy');
      const t = parseNpy(readFileSync(file));
      (t.data as Float32Array)[123_457]! += 0.01;
      writeFileSync(file, writeNpy(t));
      relist(r, 'samples/first/output-0.npy');
    });
    await failsWith(
      root,
      'SAMPLE_MISMATCH',
      /^Sample "first", output "big", element 123457: expected [\d.e-]+, got [\d.e-]+ \(\|diff\| 0\.01 > /,
    );
  });

  it('an int64 output kept in full must match exactly', async () => {
    const root = copy(full, (r) => {
      const file = join(r, 'samples/first/output-3.npy');
      const t = parseNpy(readFileSync(file));
      (t.data as BigInt64Array)[40_000] = 1n;
      writeFileSync(file, writeNpy(t));
      relist(r, 'samples/first/output-3.npy');
    });
    await failsWith(root, 'SAMPLE_MISMATCH', /output "idx", element 40000: expected 1, got 2 \(int64 must match exactly\)/);
  });

  it('a .npy file changed without redoing the digests → BUNDLE_TAMPERED naming it', async () => {
    const root = copy(lean, (r) => {
      const b = readFileSync(join(r, 'samples/first/input-1.npy'));
      b[b.length - 1] = b[b.length - 1]! ^ 1;
      writeFileSync(join(r, 'samples/first/input-1.npy'), b);
    });
    const report = await failsWith(root, 'BUNDLE_TAMPERED', /"samples\/first\/input-1\.npy" does not match its sha256/);
    expect(report.checks.some((c) => c.name === 'model loads')).toBe(false);
    await expect(openBundle(root, dir)).rejects.toMatchObject({ code: 'BUNDLE_TAMPERED' });
  });

  type Summary = { sha256: string; mean: number; std: number; slice: { data: number[] } };
  /** A summary edited as if another onnxruntime build had recorded it: another sha256 (so the check goes by tolerance), then `edit`. */
  const editSummary = (output: 'big' | 'idx', edit: (s: Summary) => void) =>
    copy(lean, (r) => {
      const index = indexOf(r);
      const s = (index.outputs[output] as unknown as { summary: Summary }).summary;
      s.sha256 = createHash('sha256').update('another build').digest('hex');
      edit(s);
      writeFileSync(join(r, 'samples/first.json'), JSON.stringify(index));
      relist(r, 'samples/first.json');
    });

  it('a summarized output: same bytes pass exactly; otherwise a slice element or statistic off the tolerance → SAMPLE_MISMATCH', async () => {
    // Another digest alone: every statistic and slice element within tolerance, so a float output passes…
    const otherBuild = await verifyBundle(
      editSummary('big', () => {}),
      { runtime },
    );
    expect(otherBuild.ok, JSON.stringify(otherBuild.checks)).toBe(true);
    // …and a last-digit difference in the slice too (|diff| within rtol 1e-4).
    expect(
      (
        await verifyBundle(
          editSummary('big', (s) => {
            s.slice.data[3]! *= 1 + 1e-6;
          }),
          { runtime },
        )
      ).ok,
    ).toBe(true);
    await failsWith(
      editSummary('big', (s) => {
        s.slice.data[7]! += 0.01;
      }),
      'SAMPLE_MISMATCH',
      /^Sample "first", output "big", element 7168: .*slice element of a summarized output/,
    );
    await failsWith(
      editSummary('big', (s) => {
        s.mean += 0.01;
      }),
      'SAMPLE_MISMATCH',
      /^Sample "first", output "big": expected mean [\d.e-]+, got [\d.e-]+ \(\|diff\| 0\.01 > .*summarized output\)/,
    );
    // int64 has no tolerance: another digest is a mismatch even when the slice matches.
    await failsWith(
      editSummary('idx', () => {}),
      'SAMPLE_MISMATCH',
      /^Sample "first", output "idx": its sha256 differs from the recorded one \(int64 must match exactly/,
    );
  });

  it('the index and the manifest must agree: an unlisted .npy or a wrong summarized list → BUNDLE_INVALID', async () => {
    const other = copy(lean, (r) => {
      const index = indexOf(r);
      (index.inputs.z as { file: string }).file = 'samples/first/output-2.npy';
      writeFileSync(join(r, 'samples/first.json'), JSON.stringify(index));
      relist(r, 'samples/first.json');
    });
    await failsWith(
      other,
      'BUNDLE_INVALID',
      /input "z" names "samples\/first\/output-2\.npy", which modelcrate\.json does not list as that input's file/,
    );
    const wrongList = copy(lean, (r) =>
      writeManifest(r, { ...manifestOf(r), samples: [{ ...manifestOf(r).samples[0]!, summarized: ['big'] }] }),
    );
    await failsWith(wrongList, 'BUNDLE_INVALID', /summarizes "big", "idx"; modelcrate\.json says "big"/);
    const outside = copy(lean, (r) => {
      const m = manifestOf(r);
      m.samples[0]!.files![0]!.path = 'model/x.npy';
      writeManifest(r, m);
    });
    await failsWith(outside, 'BUNDLE_INVALID', /invalid field "samples\.0\.files\.0\.path": a \.npy file under samples\/first\//);
  });

  it('--keep-outputs keeps the named outputs, summarizes the rest, and fails past the budget', async () => {
    const kept = join(dir, 'kept');
    const r = await pack(kept, { samplePolicy: { keepOutputs: ['zneg'] } });
    // small (4 elements) is always kept; big and idx are summarized although the default budget holds them.
    expect(r.manifest.samples[0]!.summarized).toEqual(['big', 'idx']);
    expect((await verifyBundle(kept, { runtime })).ok).toBe(true);
    await expect(pack(join(dir, 'too-big'), { samplePolicy: { keepOutputs: ['big'], budgetBytes: BUDGET } })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/over the bundle's sample budget of 256 KB/),
    });
    await expect(pack(join(dir, 'unknown'), { samplePolicy: { keepOutputs: ['nope'] } })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/no output "nope"/),
    });
  });

  it('the server self-test replays a lean bundle (summaries included) and catches a changed summary', async () => {
    const ok = await startServer({ bundle: lean, port: 0, host: '127.0.0.1', logger: silentLogger });
    try {
      expect(await ok.ready).toBe(true);
    } finally {
      await ok.close();
    }
    const bad = copy(lean, (r) => {
      const index = indexOf(r);
      const s = (index.outputs.big as unknown as { summary: Summary }).summary;
      s.sha256 = createHash('sha256').update('another build').digest('hex');
      s.std += 0.01;
      writeFileSync(join(r, 'samples/first.json'), JSON.stringify(index));
      relist(r, 'samples/first.json');
    });
    const server = await startServer({ bundle: bad, port: 0, host: '127.0.0.1', logger: silentLogger });
    try {
      expect(await server.ready).toBe(false);
      const ready = await fetch(`${server.url}/v2/health/ready`);
      expect(await ready.json()).toMatchObject({
        ready: false,
        error: expect.stringMatching(/^SAMPLE_MISMATCH: Sample "first", output "big": expected std/),
      });
    } finally {
      await server.close();
    }
  });

  describe('a bundle in the old format (schema 1, every tensor inline in samples/<name>.json)', () => {
    /** The full bundle rewritten as version 1 wrote it: .npy data inlined, sample entries {name, path}. */
    const old = join(dir, 'old');
    beforeAll(() => {
      cpSync(full, old, { recursive: true });
      const index = indexOf(old);
      const inline = (t: object) => ('file' in t ? tensorToJson(parseNpy(readFileSync(join(old, (t as { file: string }).file)))) : t);
      const v1 = {
        inputs: Object.fromEntries(Object.entries(index.inputs).map(([k, t]) => [k, inline(t)])),
        outputs: Object.fromEntries(Object.entries(index.outputs).map(([k, t]) => [k, inline(t)])),
      };
      writeFileSync(join(old, 'samples/first.json'), `${JSON.stringify(v1)}\n`);
      rmSync(join(old, 'samples/first'), { recursive: true });
      const m = manifestOf(old);
      writeManifest(old, {
        ...m,
        schemaVersion: 1,
        files: m.files.filter((f) => !f.path.endsWith('.npy')),
        samples: [{ name: 'first', path: 'samples/first.json' }],
      });
      relist(old, 'samples/first.json');
    });

    it('opens, verifies and serves', async () => {
      expect(statSync(join(old, 'samples/first.json')).size).toBeGreaterThan(1 << 20);
      expect((await openBundle(old, dir)).manifest.schemaVersion).toBe(1);
      const report = await verifyBundle(old, { runtime });
      expect(report.ok, JSON.stringify(report.checks)).toBe(true);
      expect(report.checks[0]!.message).toMatch(/schema 1/);
      expect(Object.keys((await readSample(old, manifestOf(old).samples[0]!)).outputs).sort()).toEqual(['big', 'idx', 'small', 'zneg']);
      const server = await startServer({ bundle: old, port: 0, host: '127.0.0.1', logger: silentLogger });
      try {
        expect(await server.ready).toBe(true);
      } finally {
        await server.close();
      }
    });

    it('a tampered element still fails with SAMPLE_MISMATCH', async () => {
      const root = copy(old, (r) => {
        const s = JSON.parse(readFileSync(join(r, 'samples/first.json'), 'utf8')) as { outputs: { big: { data: number[] } } };
        s.outputs.big.data[200_001]! += 0.01;
        writeFileSync(join(r, 'samples/first.json'), JSON.stringify(s));
        relist(r, 'samples/first.json');
      });
      await failsWith(root, 'SAMPLE_MISMATCH', /output "big", element 200001/);
    });

    it('schema 1 entries may not carry version 2 fields', async () => {
      const root = copy(old, (r) =>
        writeManifest(r, { ...manifestOf(r), samples: [{ name: 'first', path: 'samples/first.json', format: 'json' }] }),
      );
      await failsWith(root, 'BUNDLE_INVALID', /invalid field "samples\.0": format, files and summarized are schema version 2 fields/);
    });
  });
});
