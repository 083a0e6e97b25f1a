// The Metadata step's calls over both transports: defaults read from a model, a save as a job
// (new file beside the model, or over it with a backup), the written file re-read with the record.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedModel, SavedModel } from '../../shared/contract';
import type { JobEvent } from '../../shared/jobs';
import type { ModelMetadata } from '../../shared/metadata/defaults';
import { METADATA_KEY } from '../../shared/metadata/onnx-props';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, webAdapter, type Connected } from './contract-adapters';

for (const adapter of [ipcAdapter, webAdapter]) {
  describe(`metadata over ${adapter.name}`, () => {
    const dir = suiteDir(`contract-metadata-${adapter.name}`);
    let api: Connected;
    let model: OpenedModel;
    beforeEach(async () => {
      api = await adapter.connect({ dataDir: path.join(dir, 'data') });
      const r = await api.call('model.openPath', { path: mlp(mkdtempSync(path.join(dir, 'm-'))) });
      if (!r.ok) throw new Error(r.error.message);
      model = r.value as OpenedModel;
    });
    afterEach(async () => {
      await api.close();
    });

    it('reads defaults, saves them edited into a new file beside the model, and reads them back from it', async () => {
      const derived = await api.value<ModelMetadata>('model.metadata', { modelId: model.modelId });
      expect(derived).toMatchObject({
        source: 'derived',
        metadata: { name: 'mlp', title: 'mlp', provenance: { framework: 'modelcrate-fixtures' } },
      });
      const metadata = {
        ...derived.metadata,
        version: '1.2.0',
        license: 'Apache-2.0',
        authors: ['Ada Lovelace'],
        labels: ['a', 'b', 'c'],
        description: 'Three classes.',
      };
      const { jobId } = await api.value<{ jobId: string }>('model.saveMetadata', {
        modelId: model.modelId,
        metadata,
        fileName: 'mlp-1.2.0.onnx',
      });
      const end = await api.jobEnd(jobId);
      expect(end.kind).toBe('done');
      const saved = (end as { result: SavedModel }).result;
      const written = path.join(path.dirname(model.displayPath), 'mlp-1.2.0.onnx');
      expect(saved).toMatchObject({ backupFileName: null, opened: { fileName: 'mlp-1.2.0.onnx', displayPath: written } });
      expect(saved.opened.summary.metadata).toMatchObject({
        model_author: 'Ada Lovelace',
        model_license: 'Apache-2.0',
        labels: '["a","b","c"]',
      });
      expect(saved.opened.summary).toMatchObject({ docString: 'Three classes.', modelVersion: 1_002_000 });
      expect(JSON.parse(saved.opened.summary.metadata[METADATA_KEY]!)).toEqual(metadata);
      expect(await api.value('model.metadata', { modelId: saved.opened.modelId })).toEqual({ source: 'stored', metadata });
      // Progress was reported in bytes, and the original is untouched.
      expect(api.events.some((e) => (e.payload as JobEvent).jobId === jobId && (e.payload as JobEvent).kind === 'progress')).toBe(true);
      expect(readFileSync(model.displayPath).includes(METADATA_KEY)).toBe(false);

      // The same name again is refused with what to do; nothing is written.
      const again = await api.value<{ jobId: string }>('model.saveMetadata', {
        modelId: model.modelId,
        metadata,
        fileName: 'mlp-1.2.0.onnx',
      });
      expect(await api.jobEnd(again.jobId)).toMatchObject({
        kind: 'failed',
        error: { code: 'FILE_EXISTS', message: 'mlp-1.2.0.onnx already exists beside the model.' },
      });
    });

    it('overwrites the model itself only when asked, keeping a backup', async () => {
      const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId: model.modelId });
      const before = readFileSync(model.displayPath);
      const { jobId } = await api.value<{ jobId: string }>('model.saveMetadata', {
        modelId: model.modelId,
        metadata: { ...metadata, title: 'Overwritten' },
        overwrite: true,
      });
      const end = (await api.jobEnd(jobId)) as { kind: string; result: SavedModel };
      expect(end.kind).toBe('done');
      expect(end.result.backupFileName).toBe('mlp.onnx.bak');
      expect(readFileSync(`${model.displayPath}.bak`).equals(before)).toBe(true);
      expect(JSON.parse(end.result.opened.summary.metadata[METADATA_KEY]!).title).toBe('Overwritten');
    });

    it('refuses invalid metadata at the boundary, naming the field', async () => {
      const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId: model.modelId });
      const r = await api.call('model.saveMetadata', {
        modelId: model.modelId,
        metadata: { ...metadata, license: 'not a licence' },
        fileName: 'x.onnx',
      });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST', message: expect.stringContaining('metadata.license: an SPDX license expression') },
      });
      const both = await api.call('model.saveMetadata', { modelId: model.modelId, metadata, fileName: 'x.onnx', overwrite: true });
      expect(both).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(existsSync(path.join(path.dirname(model.displayPath), 'x.onnx'))).toBe(false);
    });
  });
}

describe('file.showInFolder', () => {
  const dir = suiteDir('contract-show-in-folder');
  it('reveals a file the studio wrote (desktop), is refused elsewhere and for unknown ids', async () => {
    const shown: string[] = [];
    for (const [adapter, showInFolder] of [
      [ipcAdapter, (p: string) => void shown.push(p)],
      [webAdapter, undefined],
    ] as const) {
      const api = await adapter.connect({ dataDir: path.join(dir, adapter.name), ...(showInFolder ? { showInFolder } : {}) });
      try {
        const folder = mkdtempSync(path.join(dir, 'm-'));
        const { modelId } = await api.value<OpenedModel>('model.openPath', { path: mlp(folder) });
        const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId });
        const { jobId } = await api.value<{ jobId: string }>('model.saveMetadata', { modelId, metadata, fileName: 'shown.onnx' });
        const saved = (await api.jobEnd(jobId)).result as SavedModel;
        const r = await api.call('file.showInFolder', { fileId: saved.fileId });
        if (showInFolder) {
          expect(r).toEqual({ ok: true, value: { shown: true } });
          expect(shown).toEqual([path.join(folder, 'shown.onnx')]);
          expect(await api.call('file.showInFolder', { fileId: 'not-a-file-id' })).toMatchObject({
            ok: false,
            error: { code: 'FILE_NOT_FOUND' },
          });
        } else {
          expect(r).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
        }
      } finally {
        await api.close();
      }
    }
  });
});
