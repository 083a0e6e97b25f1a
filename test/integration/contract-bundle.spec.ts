// Export → Bundle over both transports: bundle.pack as a job (golden samples recomputed), the
// packed bundle verified by id, a name taken refused, and a cancelled pack leaving nothing.
import { mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenedModel, PackedBundle } from '../../shared/contract';
import type { VerifyReport } from '../../shared/bundle/verify-report';
import type { JobEvent } from '../../shared/jobs';
import type { ModelMetadata } from '../../shared/metadata/defaults';
import { bigInitializers, mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, webAdapter, type Connected } from './contract-adapters';

for (const adapter of [ipcAdapter, webAdapter]) {
  describe(`bundles over ${adapter.name}`, () => {
    const dir = suiteDir(`contract-bundle-${adapter.name}`);
    let api: Connected;
    beforeEach(async () => {
      api = await adapter.connect({ dataDir: path.join(dir, 'data') });
    });
    afterEach(async () => {
      await api.close();
    });

    async function open(file: string) {
      const model = await api.value<OpenedModel>('model.openPath', { path: file });
      const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId: model.modelId });
      return { model, metadata };
    }

    it('packs a .tar.gz with a golden sample and verifies it by id', async () => {
      const folder = mkdtempSync(path.join(dir, 'a-'));
      const { model, metadata } = await open(mlp(folder));
      const samples = [{ name: 'two-rows', inputs: { x: { shape: [2, 4], data: Float32Array.from([1, 2, 3, 4, -0.5, 0.25, 2, -1]) } } }];
      const { jobId } = await api.value<{ jobId: string }>('bundle.pack', {
        modelId: model.modelId,
        metadata: { ...metadata, license: 'MIT' },
        samples,
        fileName: 'mlp.tar.gz',
      });
      const end = (await api.jobEnd(jobId)) as { kind: string; result: PackedBundle };
      expect(end.kind).toBe('done');
      expect(end.result).toMatchObject({
        fileName: 'mlp.tar.gz',
        format: 'tar.gz',
        samples: 1,
        displayPath: path.join(folder, 'mlp.tar.gz'),
      });
      const v = await api.value<{ jobId: string }>('bundle.verify', { bundleId: end.result.bundleId });
      const report = ((await api.jobEnd(v.jobId)) as { result: VerifyReport }).result;
      expect(report).toMatchObject({ ok: true, bundle: 'mlp.tar.gz', format: 'tar.gz' });
      expect(report.checks.find((c) => c.name === 'sample two-rows')).toMatchObject({ ok: true });

      const again = await api.value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata, fileName: 'mlp.tar.gz' });
      expect(await api.jobEnd(again.jobId)).toMatchObject({ kind: 'failed', error: { code: 'FILE_EXISTS' } });
      expect(await api.call('bundle.verify', { bundleId: 'nosuchbundle' })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
      expect(await api.call('bundle.pack', { modelId: model.modelId, metadata, fileName: '../escape.tar.gz' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' },
      });
    });

    it('a cancelled pack leaves nothing beside the model', async () => {
      const folder = mkdtempSync(path.join(dir, 'b-'));
      const { model, metadata } = await open(bigInitializers(folder, 64 << 20));
      const before = readdirSync(folder).sort();
      const { jobId } = await api.value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata, fileName: 'big.tar.gz' });
      await vi.waitFor(
        () => {
          if (!api.events.some((e) => (e.payload as JobEvent).jobId === jobId && (e.payload as JobEvent).kind === 'progress'))
            throw new Error('no progress yet');
        },
        { timeout: 30_000, interval: 10 },
      );
      expect(await api.value('job.cancel', { jobId })).toEqual({ cancelled: true });
      expect(await api.jobEnd(jobId)).toMatchObject({ kind: 'failed', error: { code: 'CANCELLED' } });
      expect(readdirSync(folder).sort()).toEqual(before);
    });
  });
}

describe('a bundle opened like a model', () => {
  const dir = suiteDir('contract-bundle-open');
  it('opens its model with its golden samples; saving and packing go beside the bundle, never into it', async () => {
    const api = await webAdapter.connect({ dataDir: path.join(dir, 'data') });
    try {
      const folder = mkdtempSync(path.join(dir, 'o-'));
      const model = await api.value<OpenedModel>('model.openPath', { path: mlp(folder) });
      const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId: model.modelId });
      const samples = [{ name: 's1', inputs: { x: { shape: [1, 4], data: [1, 2, 3, 4] } } }];
      for (const fileName of ['b.tar.gz', 'b-dir']) {
        const packed = await api.jobEnd(
          (
            await api.value<{ jobId: string }>('bundle.pack', {
              modelId: model.modelId,
              metadata: { ...metadata, title: 'Bundled' },
              samples,
              fileName,
            })
          ).jobId,
        );
        expect(packed.kind).toBe('done');
        const opened = await api.value<OpenedModel>('model.openPath', { path: path.join(folder, fileName) });
        expect(opened.bundle).toMatchObject({
          fileName,
          format: fileName.endsWith('.tar.gz') ? 'tar.gz' : 'dir',
          sampleCount: 1,
          samples: [{ name: 's1', outputs: { y: { type: 'float32', shape: [1, 3] } } }],
        });
        expect(opened.displayPath).toBe(path.join(folder, fileName));
        expect((await api.value<ModelMetadata>('model.metadata', { modelId: opened.modelId })).metadata.title).toBe('Bundled');
        // A new bundle from it lands beside the bundle; the opened bundle's folder is left as packed.
        const again = await api.jobEnd(
          (await api.value<{ jobId: string }>('bundle.pack', { modelId: opened.modelId, metadata, fileName: `${fileName}-2.tar.gz` }))
            .jobId,
        );
        expect((again.result as PackedBundle).displayPath).toBe(path.join(folder, `${fileName}-2.tar.gz`));
        const over = await api.jobEnd(
          (await api.value<{ jobId: string }>('model.saveMetadata', { modelId: opened.modelId, metadata, overwrite: true })).jobId,
        );
        expect(over.error).toMatchObject({ code: 'NOT_SUPPORTED' });
      }
      const reverify = await api.jobEnd(
        (await api.value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata, fileName: 'c.tar.gz' })).jobId,
      );
      expect(reverify.kind).toBe('done');
      expect(readdirSync(path.join(folder, 'b-dir')).sort()).toEqual([
        'Kitfile',
        'README.md',
        'model',
        'modelcrate.json',
        'samples',
        'sbom.cdx.json',
      ]);
    } finally {
      await api.close();
    }
  });
});
