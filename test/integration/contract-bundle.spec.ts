// Export → Bundle over both transports: bundle.pack as a job (golden samples recomputed), the
// packed bundle verified by id, a name taken refused, and a cancelled pack leaving nothing.
import { mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BundleReport, OpenedModel, PackedBundle } from '../../shared/contract';
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

    async function value<T>(name: string, input: unknown): Promise<T> {
      const r = await api.call(name, input);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as T;
    }
    const jobEnd = (jobId: string) =>
      vi.waitFor(() => {
        const end = api.events.map((e) => e.payload as JobEvent).find((e) => e.jobId === jobId && (e.kind === 'done' || e.kind === 'failed'));
        if (!end) throw new Error('job still running');
        return end;
      }, { timeout: 60_000, interval: 20 });
    async function open(file: string) {
      const model = await value<OpenedModel>('model.openPath', { path: file });
      const { metadata } = await value<ModelMetadata>('model.metadata', { modelId: model.modelId });
      return { model, metadata };
    }

    it('packs a .tar.gz with a golden sample and verifies it by id', async () => {
      const folder = mkdtempSync(path.join(dir, 'a-'));
      const { model, metadata } = await open(mlp(folder));
      const samples = [{ name: 'two-rows', inputs: { x: { shape: [2, 4], data: Float32Array.from([1, 2, 3, 4, -0.5, 0.25, 2, -1]) } } }];
      const { jobId } = await value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata: { ...metadata, license: 'MIT' }, samples, fileName: 'mlp.tar.gz' });
      const end = (await jobEnd(jobId)) as { kind: string; result: PackedBundle };
      expect(end.kind).toBe('done');
      expect(end.result).toMatchObject({ fileName: 'mlp.tar.gz', format: 'tar.gz', samples: 1, displayPath: path.join(folder, 'mlp.tar.gz') });
      const v = await value<{ jobId: string }>('bundle.verify', { bundleId: end.result.bundleId });
      const report = ((await jobEnd(v.jobId)) as { result: BundleReport }).result;
      expect(report).toMatchObject({ ok: true, bundle: 'mlp.tar.gz', format: 'tar.gz' });
      expect(report.checks.find((c) => c.name === 'sample two-rows')).toMatchObject({ ok: true });

      const again = await value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata, fileName: 'mlp.tar.gz' });
      expect(await jobEnd(again.jobId)).toMatchObject({ kind: 'failed', error: { code: 'FILE_EXISTS' } });
      expect(await api.call('bundle.verify', { bundleId: 'nosuchbundle' })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
      expect(await api.call('bundle.pack', { modelId: model.modelId, metadata, fileName: '../escape.tar.gz' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    });

    it('a cancelled pack leaves nothing beside the model', async () => {
      const folder = mkdtempSync(path.join(dir, 'b-'));
      const { model, metadata } = await open(bigInitializers(folder, 64 << 20));
      const before = readdirSync(folder).sort();
      const { jobId } = await value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata, fileName: 'big.tar.gz' });
      await vi.waitFor(() => {
        if (!api.events.some((e) => (e.payload as JobEvent).jobId === jobId && (e.payload as JobEvent).kind === 'progress')) throw new Error('no progress yet');
      }, { timeout: 30_000, interval: 10 });
      expect(await value('job.cancel', { jobId })).toEqual({ cancelled: true });
      expect(await jobEnd(jobId)).toMatchObject({ kind: 'failed', error: { code: 'CANCELLED' } });
      expect(readdirSync(folder).sort()).toEqual(before);
    });
  });
}
