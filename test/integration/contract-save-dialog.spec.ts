// Desktop saves through the native save dialog (a recorder stands in for Electron's): the page
// gets a token for the chosen path, never the path to use as it likes; a model with external data
// is refused a folder where its weights would be lost; browser mode has no such dialog.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenedModel, PackedBundle, SavedModel } from '../../shared/contract';
import type { ModelMetadata } from '../../shared/metadata/defaults';
import { externalData } from '../fixtures/external-models';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, webAdapter } from './contract-adapters';

const dir = suiteDir('contract-save-dialog');

describe('dialog.saveTarget (desktop)', () => {
  it('saves a model and packs a bundle where the user chose; refuses another folder for external data; null on cancel', async () => {
    const elsewhere = path.join(dir, 'chosen');
    mkdirSync(elsewhere, { recursive: true });
    let answer: string | null = null;
    const asked: Array<{ title: string; defaultPath: string }> = [];
    const api = await ipcAdapter.connect({ dataDir: path.join(dir, 'data'), showSaveDialog: async (o) => (asked.push(o), answer) });
    try {
      const folder = mkdtempSync(path.join(dir, 'm-'));
      const model = await api.value<OpenedModel>('model.openPath', { path: mlp(folder) });
      const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId: model.modelId });
      expect(await api.value('dialog.saveTarget', { modelId: model.modelId, kind: 'model', suggestedName: 'mlp-1.onnx' })).toBeNull();
      expect(asked[0]).toMatchObject({ title: 'Save the model with its metadata', defaultPath: path.join(folder, 'mlp-1.onnx') });

      answer = path.join(elsewhere, 'picked.onnx');
      const target = await api.value<{ targetId: string; fileName: string; displayPath: string }>('dialog.saveTarget', {
        modelId: model.modelId,
        kind: 'model',
        suggestedName: 'mlp-1.onnx',
      });
      expect(target).toMatchObject({ fileName: 'picked.onnx', displayPath: answer });
      const saved = await api.jobEnd(
        (await api.value<{ jobId: string }>('model.saveMetadata', { modelId: model.modelId, metadata, targetId: target.targetId })).jobId,
      );
      expect((saved.result as SavedModel).opened.displayPath).toBe(answer);
      expect(existsSync(answer)).toBe(true);

      answer = path.join(elsewhere, 'bundle.tar.gz');
      const bundleTarget = await api.value<{ targetId: string }>('dialog.saveTarget', {
        modelId: model.modelId,
        kind: 'bundle',
        suggestedName: 'mlp.tar.gz',
      });
      const packed = await api.jobEnd(
        (await api.value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata, targetId: bundleTarget.targetId })).jobId,
      );
      expect(packed.result as PackedBundle).toMatchObject({ format: 'tar.gz', displayPath: answer });

      // External data: the weights stay beside the model, so another folder is refused.
      const ext = await api.value<OpenedModel>('model.openPath', { path: externalData(mkdtempSync(path.join(dir, 'e-'))) });
      const extMeta = (await api.value<ModelMetadata>('model.metadata', { modelId: ext.modelId })).metadata;
      answer = path.join(elsewhere, 'ext.onnx');
      const extTarget = await api.value<{ targetId: string }>('dialog.saveTarget', {
        modelId: ext.modelId,
        kind: 'model',
        suggestedName: 'x.onnx',
      });
      const refused = await api.jobEnd(
        (
          await api.value<{ jobId: string }>('model.saveMetadata', {
            modelId: ext.modelId,
            metadata: extMeta,
            targetId: extTarget.targetId,
          })
        ).jobId,
      );
      expect(refused.error).toMatchObject({
        code: 'NOT_SUPPORTED',
        message: expect.stringContaining('a copy in another folder would lose them'),
      });
      expect(existsSync(answer)).toBe(false);
      expect(await api.call('model.saveMetadata', { modelId: model.modelId, metadata, targetId: 'unknown-target' })).toMatchObject({
        ok: false,
        error: { code: 'FILE_NOT_FOUND' },
      });
    } finally {
      await api.close();
    }
  });

  it('does not exist in browser mode', async () => {
    const api = await webAdapter.connect({ dataDir: path.join(dir, 'web') });
    try {
      const model = await api.value<OpenedModel>('model.openPath', { path: mlp(mkdtempSync(path.join(dir, 'w-'))) });
      expect(await api.call('dialog.saveTarget', { modelId: model.modelId, kind: 'model', suggestedName: 'a.onnx' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_SUPPORTED' },
      });
    } finally {
      await api.close();
    }
  });
});
