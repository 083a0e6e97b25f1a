// model.diff over both transports: two open models compared as a job (the renderer's samples run on
// both, typed arrays and all), the DiffReport as the job's result, bad ids refused at the call.
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedModel } from '../../shared/contract';
import type { DiffReport } from '../../shared/diff/types';
import { describeWithPython, runPython } from '../fixtures/python';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, webAdapter, type Connected } from './contract-adapters';

describeWithPython('model.diff over both transports', () => {
  const dir = suiteDir('contract-diff');
  let m: Record<string, string>;
  beforeAll(() => {
    m = runPython<Record<string, string>>('diff_models.py', [join(dir, 'models')]);
  });
  for (const adapter of [ipcAdapter, webAdapter]) {
    describe(adapter.name, () => {
      let api: Connected;
      beforeEach(async () => {
        api = await adapter.connect({ dataDir: join(dir, `data-${adapter.name}`) });
      });
      afterEach(() => api.close());

      it('compares the open model with another: the given samples on both, result by job end', async () => {
        const a = await api.value<OpenedModel>('model.openPath', { path: m.base! });
        const b = await api.value<OpenedModel>('model.openPath', { path: m['renamed-input']! });
        const samples = [{ name: 'kept', inputs: { x: { shape: [1, 4], data: Float32Array.from([1, 2, 3, 4]) } } }];
        const { jobId } = await api.value<{ jobId: string }>('model.diff', { modelId: a.modelId, otherModelId: b.modelId, samples });
        const end = await api.jobEnd(jobId);
        expect(end.kind, JSON.stringify(end.error)).toBe('done');
        const r = end.result as DiffReport;
        expect(r).toMatchObject({
          classification: 'breaking',
          suggestedVersion: '2.0.0',
          older: { label: 'base.onnx' },
          newer: { label: 'renamed-input.onnx' },
        });
        expect(r.samples).toEqual({
          source: 'given',
          results: [
            expect.objectContaining({ name: 'kept', status: 'newer-failed', error: expect.objectContaining({ code: 'INPUT_UNKNOWN' }) }),
          ],
        });
        expect(
          api.events.some(
            (e) => (e.payload as { jobId?: string; kind?: string }).jobId === jobId && (e.payload as { kind: string }).kind === 'progress',
          ),
        ).toBe(true);
      });

      it('job.cancel stops a comparison: the job fails with CANCELLED', async () => {
        const a = await api.value<OpenedModel>('model.openPath', { path: m.base! });
        const b = await api.value<OpenedModel>('model.openPath', { path: m.same! });
        const { jobId } = await api.value<{ jobId: string }>('model.diff', { modelId: a.modelId, otherModelId: b.modelId });
        expect(await api.value<{ cancelled: boolean }>('job.cancel', { jobId })).toEqual({ cancelled: true });
        expect(await api.jobEnd(jobId)).toMatchObject({ kind: 'failed', error: { code: 'CANCELLED' } });
      });

      it('refuses an id that is not open, before any job', async () => {
        const a = await api.value<OpenedModel>('model.openPath', { path: m.base! });
        expect(await api.call('model.diff', { modelId: a.modelId, otherModelId: 'nosuchmodel' })).toMatchObject({
          ok: false,
          error: { code: 'MODEL_NOT_OPEN' },
        });
        expect(await api.call('model.diff', { modelId: a.modelId })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      });
    });
  }
});
