// pack → verify with the real runtime process: both formats, a plain model and one with external
// data; what the bundle holds (manifest, samples equal to numpy, README, SBOM valid against the
// CycloneDX 1.6 schema, metadata readable by python onnx); reproducible tarballs; and all-or-nothing
// writes (a cancel or a failing sample leaves nothing behind, FILE_EXISTS without overwrite).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packBundle, type PackOptions } from '../../core/bundle/pack';
import { verifyBundle } from '../../core/bundle/verify';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import type { Manifest } from '../../shared/bundle/manifest';
import { AppError } from '../../shared/errors';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { parseMetadata } from '../../shared/metadata/parse-metadata';
import { externalData } from '../fixtures/external-models';
import { mlpExpected } from '../fixtures/mlp-expected';
import { bigInitializers, mlp } from '../fixtures/models';
import { hasPythonOnnx, PYTHON } from '../fixtures/python-run';
import { suiteDir } from '../fixtures/tmp';

const X = [
  [1, 2, 3, 4],
  [-0.5, 0.25, 2, -1],
];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const CREATED = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));

describe('packBundle → verifyBundle', () => {
  const dir = suiteDir('bundle-pack');
  const runtime = new RuntimeService(forkRuntime());
  afterAll(() => runtime.dispose());
  let model: string;
  let ext: string;
  beforeAll(() => {
    model = mlp(dir);
    ext = externalData(dir, 'ok');
  });

  async function pack(modelPath: string, out: string, extra: Partial<PackOptions> = {}) {
    const summary = await readModelSummary(modelPath);
    const metadata = {
      ...metadataOfModel(summary).metadata,
      license: 'Apache-2.0',
      authors: ['Ada'],
      intendedUse: 'Tests.',
      limitations: 'Toy weights.',
    };
    const inputs =
      summary.graph.inputs[0]!.name === 'x' && modelPath === model
        ? { x: { shape: [2, 4], data: X.flat() } }
        : { x: { type: 'float32' as const, shape: [1, 4], data: [1, 0, -1, 2] } };
    return packBundle({ modelPath, summary, metadata, samples: [{ name: 'first', inputs }], out, runtime, createdAt: CREATED, ...extra });
  }

  for (const format of ['dir', 'tar.gz'] as const) {
    it(`mlp as ${format}: verify passes every check`, async () => {
      const out = join(dir, `mlp-${format === 'dir' ? 'bundle' : 'bundle.tar.gz'}`);
      const packed = await pack(model, out);
      expect(packed.format).toBe(format);
      const report = await verifyBundle(out, { runtime });
      expect(report.error, JSON.stringify(report.checks)).toBeUndefined();
      expect(report.ok).toBe(true);
      expect(report.checks.map((c) => c.name)).toEqual(
        expect.arrayContaining([
          'manifest',
          'file model/mlp.onnx',
          'file samples/first.json',
          'no unlisted files',
          'signature',
          'metadata',
          'model loads',
          'sample first',
        ]),
      );
      expect(packed.sha256).toBe(sha(format === 'dir' ? join(out, 'modelcrate.json') : out));
    });

    it(`external data as ${format}: the weights travel beside the model and verify passes`, async () => {
      const out = join(dir, `ext-${format === 'dir' ? 'bundle' : 'bundle.tar.gz'}`);
      const packed = await pack(ext, out);
      expect(packed.manifest.model).toEqual({ path: 'model/model.onnx', externalData: ['model/weights.bin'] });
      expect(packed.manifest.files.find((f) => f.path === 'model/weights.bin')?.sha256).toBe(sha(join(dir, 'ext-ok', 'weights.bin')));
      const report = await verifyBundle(out, { runtime });
      expect(report.ok, JSON.stringify(report.checks)).toBe(true);
    });
  }

  it('the folder holds exactly the listed files; samples equal numpy; README has front matter', async () => {
    const out = join(dir, 'contents');
    const { manifest } = await pack(model, out);
    const onDisk = (rel: string): string[] =>
      readdirSync(join(out, rel), { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? onDisk(`${rel}${d.name}/`) : [`${rel}${d.name}`],
      );
    expect(onDisk('').sort()).toEqual([...manifest.files.map((f) => f.path), 'modelcrate.json'].sort());
    for (const f of manifest.files) expect(sha(join(out, f.path)), f.path).toBe(f.sha256);
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      kind: 'modelcrate.bundle',
      createdAt: CREATED.toISOString(),
      runtime: { onnxruntime: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    });
    expect(manifest.signature).toEqual({
      inputs: [{ name: 'x', type: 'float32', shape: ['batch', 4] }],
      outputs: [{ name: 'y', type: 'float32', shape: ['batch', 3] }],
    });
    const sample = JSON.parse(readFileSync(join(out, 'samples/first.json'), 'utf8')) as {
      inputs: unknown;
      outputs: { y: { type: string; shape: number[]; data: number[] } };
    };
    expect(sample.inputs).toEqual({ x: { type: 'float32', shape: [2, 4], data: X.flat() } });
    expect(sample.outputs.y).toMatchObject({ type: 'float32', shape: [2, 3] });
    mlpExpected(model, X)
      .flat()
      .forEach((v, i) => expect(Math.abs(sample.outputs.y.data[i]! - v)).toBeLessThan(1e-5));
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/^---\nlicense: apache-2.0\n[\s\S]*\n---\n\n# mlp/);
  });

  it('sbom.cdx.json is valid CycloneDX 1.6 with the model, its SHA-256, licence and model card', async () => {
    const out = join(dir, 'sbom');
    const summary = await readModelSummary(model);
    const metadata = parseMetadata({
      ...metadataOfModel(summary).metadata,
      license: 'MIT OR Apache-2.0',
      intendedUse: 'Demos.',
      limitations: 'Toy.',
      provenance: { trainingData: ['iris'] },
      performance: {
        loadMs: 3.5,
        peakRssMB: 80,
        batches: [{ batch: 1, p50: 0.1, p90: 0.2, p99: 0.3, runsPerSec: 9000 }],
        measuredOn: 'linux x64',
      },
    });
    const { manifest } = await packBundle({ modelPath: model, summary, metadata, out, createdAt: CREATED });
    const bom = JSON.parse(readFileSync(join(out, 'sbom.cdx.json'), 'utf8')) as Record<string, unknown>;
    const schemaDir = join(process.cwd(), 'node_modules/@cyclonedx/cyclonedx-library/res/schema');
    const load = (f: string) => JSON.parse(readFileSync(join(schemaDir, f), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    // ajv-formats has no IRI formats; the SBOM uses no IRIs, so accepting any keeps the check exact for what it holds.
    ajv.addFormat('iri-reference', true);
    ajv.addFormat('idn-email', true);
    // bom-1.6 refers to these by their SNAPSHOT file names, relative to its own $id.
    ajv.addSchema({ ...load('spdx.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json' });
    ajv.addSchema({ ...load('jsf-0.82.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json' });
    const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
    expect(validate(bom), JSON.stringify(validate.errors)).toBe(true);
    const modelSha = manifest.files.find((f) => f.path === manifest.model.path)!.sha256;
    expect(bom).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        {
          type: 'machine-learning-model',
          name: 'mlp',
          version: '0.1.0',
          licenses: [{ expression: 'MIT OR Apache-2.0' }],
          hashes: [{ alg: 'SHA-256', content: modelSha }],
          modelCard: {
            modelParameters: {
              task: 'classification',
              inputs: [{ format: 'x: float32[batch,4]' }],
              outputs: [{ format: 'y: float32[batch,3]' }],
            },
            considerations: { useCases: ['Demos.'], technicalLimitations: ['Toy.'] },
            quantitativeAnalysis: {
              performanceMetrics: expect.arrayContaining([{ type: 'latency p50 (ms)', value: '0.1', slice: 'batch 1 on linux x64' }]),
            },
          },
        },
      ],
    });
  });

  it.runIf(hasPythonOnnx)("python onnx reads the bundled model: the manifest's metadata, and onnx.checker passes", async () => {
    const out = join(dir, 'python');
    const { manifest } = await pack(model, out);
    const script =
      'import json,sys,onnx\nm=onnx.load(sys.argv[1])\nonnx.checker.check_model(m)\nprint(json.dumps({p.key:p.value for p in m.metadata_props}))';
    const props = JSON.parse(execFileSync(PYTHON, ['-c', script, join(out, manifest.model.path)], { encoding: 'utf8' })) as Record<
      string,
      string
    >;
    expect(JSON.parse(props['modelcrate.metadata']!)).toEqual(manifest.metadata);
    expect(props.model_license).toBe('Apache-2.0');
  });

  it('two packs of the same input at the same createdAt are byte-identical', async () => {
    const a = await pack(model, join(dir, 'repro-a.tar.gz'));
    const b = await pack(model, join(dir, 'repro-b.tar.gz'));
    expect(readFileSync(a.path).equals(readFileSync(b.path))).toBe(true);
    const list = execFileSync('tar', ['-tvzf', a.path], { encoding: 'utf8' }).trim().split('\n');
    expect(list[0]).toMatch(/^-rw-r--r-- 0\/0 .* 2000-01-01 00:00 modelcrate\.json$/);
    expect(list.every((l) => l.startsWith('-rw-r--r-- 0/0'))).toBe(true);
  });

  describe('all or nothing', () => {
    const entries = (d: string) => readdirSync(d).sort();

    for (const name of ['cancelled', 'cancelled.tar.gz']) {
      it(`a cancel while the model is copied (${name}) leaves nothing behind`, async () => {
        const where = join(dir, `cancel-${name}`);
        mkdirSync(where);
        const big = bigInitializers(where, 48 << 20);
        const before = entries(where);
        const summary = await readModelSummary(big);
        const ac = new AbortController();
        let calls = 0;
        const err = await packBundle({
          modelPath: big,
          summary,
          metadata: metadataOfModel(summary).metadata,
          out: join(where, name),
          signal: ac.signal,
          // At the first progress report: the model is being copied (or, for a folder, was just copied by the OS and is not yet renamed).
          onProgress: () => {
            calls++;
            ac.abort();
          },
        }).catch((e: unknown) => e);
        expect(calls).toBeGreaterThan(0);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('CANCELLED');
        expect(entries(where)).toEqual(before);
      });
    }

    it('a cancel while the .tar.gz is written leaves nothing behind; a cancelled verify removes its extraction folder', async () => {
      const where = join(dir, 'cancel-tar');
      mkdirSync(where);
      const big = bigInitializers(where, 48 << 20);
      const summary = await readModelSummary(big);
      const ac = new AbortController();
      const labels = new Set<string>();
      const err = await packBundle({
        modelPath: big,
        summary,
        metadata: metadataOfModel(summary).metadata,
        out: join(where, 'b.tar.gz'),
        signal: ac.signal,
        onProgress: (_d, _t, label) => {
          labels.add(label);
          if (label.startsWith('Writing')) ac.abort();
        },
      }).catch((e: unknown) => e);
      expect([...labels]).toEqual(['Copying the model', 'Writing b.tar.gz']);
      expect((err as AppError).code).toBe('CANCELLED');
      expect(entries(where)).toEqual([big.split('/').at(-1)]);

      const out = join(where, 'whole.tar.gz');
      await packBundle({ modelPath: big, summary, metadata: metadataOfModel(summary).metadata, out });
      const temp = join(where, 'verify-temp');
      mkdirSync(temp);
      const stop = new AbortController();
      const cancelled = verifyBundle(out, { runtime, tempParent: temp, signal: stop.signal, onProgress: () => stop.abort() });
      await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(entries(temp)).toEqual([]);
    });

    it('a sample the model refuses fails the pack with its code, naming the sample, and leaves nothing', async () => {
      const where = join(dir, 'bad-sample');
      mkdirSync(where);
      const err = await pack(model, join(where, 'b.tar.gz'), {
        samples: [
          { name: 'ok', inputs: { x: { shape: [1, 4], data: [1, 2, 3, 4] } } },
          { name: 'wrong', inputs: { x: { shape: [1, 5], data: [1, 2, 3, 4, 5] } } },
        ],
      }).catch((e: unknown) => e);
      expect((err as AppError).code).toBe('INPUT_DIM_MISMATCH');
      expect((err as AppError).message).toMatch(/^Sample "wrong": /);
      expect(entries(where)).toEqual([]);
    });

    it('FILE_EXISTS unless overwrite; overwrite replaces a bundle but never a folder that is not one', async () => {
      const out = join(dir, 'exists');
      await pack(model, out);
      expect(((await pack(model, out).catch((e: unknown) => e)) as AppError).code).toBe('FILE_EXISTS');
      const again = await pack(model, out, { overwrite: true, createdAt: new Date(Date.UTC(2026, 0, 1)) });
      expect((JSON.parse(readFileSync(join(out, 'modelcrate.json'), 'utf8')) as Manifest).createdAt).toBe(again.manifest.createdAt);
      const precious = join(dir, 'precious');
      mkdirSync(precious);
      writeFileSync(join(precious, 'notes.txt'), 'keep me');
      const err = (await pack(model, precious, { overwrite: true }).catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe('FILE_EXISTS');
      expect(readFileSync(join(precious, 'notes.txt'), 'utf8')).toBe('keep me');
      expect(entries(dir).filter((n) => n.includes('.partial'))).toEqual([]);
    });
  });
});
