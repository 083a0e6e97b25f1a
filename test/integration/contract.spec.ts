// One contract suite, run against both transports: whatever the renderer can do over Electron IPC
// it can do over the WebSocket host, with the same validation and the same error codes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedForeign, OpenedModel, RecentFile } from '../../shared/contract';
import { writeModel, vi as valueInfo, floatTensor } from '../fixtures/onnx-writer';
import { ipcAdapter, webAdapter, type Connected } from './contract-adapters';

let dir: string;
let modelPath: string;

function writeTinyModel(file: string): string {
  return writeModel(file, {
    irVersion: 8,
    opsets: [{ version: 17 }],
    producerName: 'contract-test',
    graph: {
      name: 'tiny',
      inputs: [valueInfo('x', 'float32', ['batch', 4])],
      outputs: [valueInfo('y', 'float32', ['batch', 2])],
      initializers: [floatTensor('w', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8])],
      nodes: [{ opType: 'MatMul', inputs: ['x', 'w'], outputs: ['y'], name: 'mm' }],
    },
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-contract-'));
  modelPath = writeTinyModel(path.join(dir, 'tiny.onnx'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

for (const adapter of [ipcAdapter, webAdapter]) {
  describe(`contract over ${adapter.name}`, () => {
    let api: Connected;
    beforeEach(async () => {
      api = await adapter.connect({ dataDir: path.join(dir, 'data'), initialModelPath: modelPath });
    });
    afterEach(async () => {
      await api.close();
    });

    it('reports which transport it is', async () => {
      const r = await api.call('app.info', {});
      expect(r).toMatchObject({ ok: true, value: { name: 'Modelcrate Studio', transport: adapter.name } });
    });

    it('opens a model by path and returns its IO contract', async () => {
      const r = await api.call('model.openPath', { path: modelPath });
      if (!r.ok) throw new Error(r.error.message);
      const opened = r.value as OpenedModel;
      expect(opened.fileName).toBe('tiny.onnx');
      expect(opened.modelId).toMatch(/^[A-Za-z0-9_-]{6,}$/);
      expect(opened.summary.graph.inputs.map((i) => [i.name, i.type.elemType, i.type.shape])).toEqual([['x', 'float32', ['batch', 4]]]);
      expect(opened.summary.graph.outputs.map((o) => o.name)).toEqual(['y']);
      expect(opened.summary.stats.weights.parameterCount).toBe(8);
    });

    it('opens the model named on the command line', async () => {
      const r = await api.call('app.initialModel', {});
      expect(r).toMatchObject({ ok: true, value: { fileName: 'tiny.onnx' } });
    });

    it('says FILE_NOT_FOUND for a missing file', async () => {
      const r = await api.call('model.openPath', { path: path.join(dir, 'nope.onnx') });
      expect(r).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    });

    it('reads a pickle statically as a file of another format, with its scan, never as a model', async () => {
      const pickle = path.join(dir, 'model.pkl');
      // PROTO 4, FRAME, SHORT_BINUNICODE 'abc', MEMOIZE, STOP: plain data, no callable.
      await writeFile(pickle, Buffer.from([0x80, 0x04, 0x95, 0x07, 0, 0, 0, 0, 0, 0, 0, 0x8c, 0x03, 0x61, 0x62, 0x63, 0x94, 0x2e]));
      const r = await api.call('model.openPath', { path: pickle });
      expect(r).toMatchObject({
        ok: true,
        value: { kind: 'foreign', fileName: 'model.pkl', model: { format: 'pickle', scan: { verdict: 'safe' } } },
      });
      const { fileId } = (r as { value: OpenedForeign }).value;
      expect(await api.call('model.predict', { modelId: fileId, inputs: {} })).toMatchObject({
        ok: false,
        error: { code: 'MODEL_NOT_OPEN' },
      });
    });

    it('validates input at the boundary', async () => {
      expect(await api.call('model.openPath', { path: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await api.call('model.openPath', { path: modelPath, extra: true })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' },
      });
      expect(await api.call('model.close', { modelId: '../../etc' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await api.call('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    });

    it('remembers opened files and reopens them by id', async () => {
      await api.call('model.openPath', { path: modelPath });
      const list = await api.call('recent.list', {});
      if (!list.ok) throw new Error(list.error.message);
      const recent = list.value as RecentFile[];
      expect(recent).toHaveLength(1);
      expect(recent[0]).toMatchObject({ name: 'tiny.onnx', displayPath: modelPath, exists: true });
      const again = await api.call('model.openRecent', { recentId: recent[0]!.recentId });
      expect(again).toMatchObject({ ok: true, value: { fileName: 'tiny.onnx' } });
      await rm(modelPath);
      const after = await api.call('recent.list', {});
      expect(after).toMatchObject({ ok: true, value: [{ name: 'tiny.onnx', exists: false }] });
      expect(await api.call('recent.clear', {})).toMatchObject({ ok: true, value: { cleared: 1 } });
      expect(await api.call('recent.list', {})).toEqual({ ok: true, value: [] });
    });

    it('closes a model; its id no longer resolves', async () => {
      const r = await api.call('model.openPath', { path: modelPath });
      const { modelId } = (r as { ok: true; value: OpenedModel }).value;
      expect(await api.call('model.close', { modelId })).toEqual({ ok: true, value: { closed: true } });
      expect(await api.call('model.close', { modelId })).toEqual({ ok: true, value: { closed: false } });
    });
  });
}
