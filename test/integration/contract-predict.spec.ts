// The Test step's calls over both transports (IPC and WebSocket), against real onnxruntime in the
// runtime process: predictions checked against numpy, bad inputs, and the profile as a job.
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenedModel } from '../../shared/contract';
import type { JobEvent } from '../../shared/jobs';
import type { PredictResult, ProfileResult } from '../../shared/predictions';
import { mlp } from '../fixtures/models';
import { slowMatMuls } from '../e2e/support/models';
import { mlpExpected } from '../fixtures/mlp-expected';
import { writeModel, vi as valueInfo } from '../fixtures/onnx-writer';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, webAdapter, type Connected } from './contract-adapters';

const dir = suiteDir('contract-predict');
let mlpPath: string;
let labelled: string;
beforeAll(() => {
  mlpPath = mlp(dir);
  labelled = writeModel(path.join(dir, 'labelled.onnx'), {
    metadata: [['labels', 'cat, dog, bird']],
    graph: {
      name: 'classify',
      inputs: [valueInfo('logits', 'float32', ['batch', 3])],
      outputs: [valueInfo('probs', 'float32', ['batch', 3])],
      nodes: [{ opType: 'Softmax', inputs: ['logits'], outputs: ['probs'], attributes: [{ name: 'axis', i: 1 }] }],
    },
  });
});

const X = [
  [1, 2, 3, 4],
  [-0.5, 0.25, 2, -1],
];

for (const adapter of [ipcAdapter, webAdapter]) {
  describe(`predictions over ${adapter.name}`, () => {
    let api: Connected;
    beforeEach(async () => {
      api = await adapter.connect({ dataDir: path.join(dir, `data-${adapter.name}`) });
    });
    afterEach(async () => {
      await api.close();
    });

    async function open(file: string): Promise<string> {
      const r = await api.call('model.openPath', { path: file });
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as OpenedModel).modelId;
    }

    it('model.predict runs the mlp and matches numpy, with stats and top-k', async () => {
      const modelId = await open(mlpPath);
      const r = await api.call('model.predict', { modelId, inputs: { x: { shape: [2, 4], data: X.flat() } } });
      if (!r.ok) throw new Error(r.error.message);
      const res = r.value as PredictResult;
      expect(res.outputs.y).toMatchObject({ type: 'float32', shape: [2, 3] });
      const expected = mlpExpected(mlpPath, X).flat();
      res.outputs.y!.data.forEach((v, i) => expect(v as number).toBeCloseTo(expected[i]!, 6));
      expect(res.stats.y).toMatchObject({ count: 6, nanCount: 0, infCount: 0 });
      expect(res.stats.y!.mean).toBeCloseTo(1 / 3, 6); // softmax rows sum to 1
      const best = expected.slice(0, 3).indexOf(Math.max(...expected.slice(0, 3)));
      expect(res.topk.y).toMatchObject({
        k: 3,
        labelled: false,
        rows: [
          [{ index: best }, {}, {}],
          [{}, {}, {}],
        ],
      });
      expect(res.ms).toBeGreaterThanOrEqual(res.runMs);
    });

    it('takes typed arrays as the Test step sends them and answers with typed arrays, the same values', async () => {
      const modelId = await open(mlpPath);
      const x = Float32Array.from(X.flat());
      const r = await api.call('model.predict', { modelId, inputs: { x: { type: 'float32', shape: [2, 4], data: x } } });
      if (!r.ok) throw new Error(r.error.message);
      const y = (r.value as PredictResult).outputs.y!.data;
      expect(y).toBeInstanceOf(Float32Array);
      const expected = mlpExpected(mlpPath, X).flat();
      expect(y).toHaveLength(6);
      y.forEach((v, i) => expect(v as number).toBeCloseTo(expected[i]!, 6));
      // A typed array of another element type is read as numbers; one that cannot hold them is refused by name.
      expect(
        await api.call('model.predict', { modelId, inputs: { x: { shape: [2, 4], data: Int32Array.from(X.flat(), Math.round) } } }),
      ).toMatchObject({ ok: true });
      expect(await api.call('model.predict', { modelId, inputs: { x: { shape: [2, 4], data: new BigInt64Array(8) } } })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TENSOR', message: 'Input "x" is float32 but its data is a BigInt64Array, which holds 64-bit integers.' },
      });
    });

    it('model.cancelPredict stops a running prediction by its run id; the next one answers', async () => {
      const slow = await open(slowMatMuls(dir));
      const running = api.call('model.predict', {
        modelId: slow,
        runId: 'slow-run-1',
        inputs: { x: { shape: [1, 2048], data: new Float32Array(2048) } },
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(await api.call('model.cancelPredict', { runId: 'slow-run-1' })).toEqual({ ok: true, value: { cancelled: true } });
      expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(await api.call('model.cancelPredict', { runId: 'slow-run-1' })).toEqual({ ok: true, value: { cancelled: false } });
      const modelId = await open(mlpPath);
      expect(await api.call('model.predict', { modelId, inputs: { x: { shape: [1, 4], data: [1, 2, 3, 4] } } })).toMatchObject({
        ok: true,
      });
    });

    it('labels top-k from the model metadata', async () => {
      const modelId = await open(labelled);
      const r = await api.call('model.predict', { modelId, inputs: { logits: { type: 'float32', shape: [1, 3], data: [0, 5, 1] } } });
      expect(r).toMatchObject({
        ok: true,
        value: {
          topk: {
            probs: {
              labelled: true,
              rows: [
                [
                  { index: 1, label: 'dog' },
                  { index: 2, label: 'bird' },
                  { index: 0, label: 'cat' },
                ],
              ],
            },
          },
        },
      });
    });

    it('refuses bad inputs before running, naming the input and the expectation', async () => {
      const modelId = await open(mlpPath);
      const predict = (inputs: unknown) => api.call('model.predict', { modelId, inputs });
      expect(await predict({ x: { shape: [2, 5], data: new Array(10).fill(0) } })).toEqual({
        ok: false,
        error: { code: 'INPUT_DIM_MISMATCH', message: 'Input "x" has shape [2,5] but the model expects [batch,4]: dimension 1 must be 4.' },
      });
      expect(await predict({})).toMatchObject({
        ok: false,
        error: { code: 'INPUT_MISSING', message: 'Input "x" is missing: the model expects float32[batch,4].' },
      });
      expect(await predict({ x: { type: 'int64', shape: [1, 4], data: [1, 2, 3, 4] } })).toMatchObject({
        ok: false,
        error: { code: 'INPUT_TYPE_MISMATCH' },
      });
      expect(await predict({ x: { shape: [1, 4], data: [1, 2, 3] } })).toMatchObject({ ok: false, error: { code: 'INPUT_SIZE_MISMATCH' } });
      expect(await predict({ x: { shape: [1, 4], data: [1, 2, 'three', 4] } })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TENSOR', message: expect.stringContaining('Input "x" element 2 is "three"') },
      });
      expect(await predict({ x: { shape: [-1, 4], data: [] } })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await api.call('model.predict', { modelId: 'no-such-model', inputs: {} })).toMatchObject({
        ok: false,
        error: { code: 'MODEL_NOT_OPEN' },
      });
    });

    it('model.profile is a job: progress events, then latency percentiles per batch size', async () => {
      const modelId = await open(mlpPath);
      const r = await api.call('model.profile', { modelId, runs: 20, warmup: 2, batchSizes: [1, 4] });
      if (!r.ok) throw new Error(r.error.message);
      const { jobId } = r.value as { jobId: string };
      const end = await api.jobEnd(jobId);
      if (end.kind !== 'done') throw new Error(JSON.stringify(end));
      const result = end.result as ProfileResult;
      expect(result.batchDim).toBe('batch');
      expect(result.batches.map((b) => [b.batch, b.runs, b.warmup])).toEqual([
        [1, 20, 2],
        [4, 20, 2],
      ]);
      for (const b of result.batches) {
        expect(b.min).toBeGreaterThan(0);
        expect(b.p50).toBeLessThanOrEqual(b.p90);
        expect(b.p90).toBeLessThanOrEqual(b.p99);
        expect(b.runsPerSec).toBeGreaterThan(0);
      }
      expect(result.loadMs).toBeGreaterThan(0);
      expect(result.peakRssMB).toBeGreaterThan(10);
      const progress = api.events.map((e) => e.payload as JobEvent).filter((e) => e.jobId === jobId && e.kind === 'progress');
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toMatchObject({ done: 44, total: 44 });
    });

    it('job.cancel stops a running profile; the job fails with CANCELLED', async () => {
      const modelId = await open(mlpPath);
      const r = await api.call('model.profile', { modelId, runs: 100_000, warmup: 0 });
      const { jobId } = (r as { ok: true; value: { jobId: string } }).value;
      await vi.waitFor(
        () => {
          if (
            !api.events.some(
              (e) =>
                (e.payload as JobEvent).jobId === jobId &&
                (e.payload as JobEvent).kind === 'progress' &&
                (e.payload as { done: number }).done > 0,
            )
          )
            throw new Error('no run yet');
        },
        { timeout: 30_000, interval: 10 },
      );
      expect(await api.call('job.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: true } });
      expect(await api.jobEnd(jobId)).toMatchObject({ kind: 'failed', error: { code: 'CANCELLED' } });
      expect(await api.call('job.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
      // The runtime is still usable after a cancel.
      expect(await api.call('model.predict', { modelId, inputs: { x: { shape: [1, 4], data: [1, 2, 3, 4] } } })).toMatchObject({
        ok: true,
      });
    });
  });
}
