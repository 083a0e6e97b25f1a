// model.initializerPreview through the real contract, on models python's onnx wrote: every storage
// form (raw_data, float_data/int32_data/int64_data/uint64_data, string_data, external data), every
// dtype the preview decodes, subgraph initializers by path, a bundle-opened model, and a big tensor
// whose statistics are streamed — each compared with what numpy reads from the same tensor.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OpenedModel, PackedBundle } from '../../shared/contract';
import type { InitializerPreview } from '../../shared/initializer-preview';
import type { ModelMetadata } from '../../shared/metadata/defaults';
import type { JsonScalar } from '../../shared/tensors';
import { describeWithPython, hasPythonOnnx, runPython } from '../fixtures/python';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, openSocket, startTestHost, webAdapter, type Connected } from './contract-adapters';

interface Expected {
  values: JsonScalar[];
  count: number;
  dims: number[];
  nan?: number;
  min?: JsonScalar;
  max?: JsonScalar;
  mean?: JsonScalar;
}
interface Cases {
  models: Record<string, string>;
  tensors: Record<string, Expected>;
}

/** 3M float32 (12 MB): statistics over all of it; 17M (68 MB): over the values shown only. */
const BIG = 3_000_000;
const HUGE = 17_000_000;

const dir = suiteDir('contract-initializer-preview');
let cases: Cases = { models: {}, tensors: {} };
beforeAll(() => {
  if (hasPythonOnnx) cases = runPython<Cases>('initializer_cases.py', [path.join(dir, 'py'), String(BIG), String(HUGE)]);
}, 120_000);

/** JSON text has no -0 (the web transport sends 0): the one difference allowed. */
const plain = (vs: JsonScalar[]) => vs.map((v) => (v === 0 ? 0 : v));

/** Every value equal to numpy's, floats to the last bit. */
function expectPreviewMatches(p: InitializerPreview, e: Expected, shown = e.values.length) {
  expect(p.dims).toEqual(e.dims);
  expect(p.elementCount).toBe(e.count);
  expect(plain(p.values)).toEqual(plain(e.values.slice(0, shown)));
  expect(p.truncated).toBe(e.count > shown);
}

function expectStatsMatch(p: InitializerPreview, e: Expected) {
  expect(p.stats).not.toBeNull();
  const s = p.stats!;
  expect(s).toMatchObject({ over: 'all', count: e.count, nanCount: e.nan, min: e.min, max: e.max });
  if (typeof e.mean === 'string') return void expect(s.mean).toBe(e.mean); // "NaN" (inf + -inf)
  // numpy sums pairwise, we sum in order: the means agree to far better than 1e-9 relative.
  expect(typeof s.mean).toBe('number');
  const want = Number(e.mean);
  expect(Math.abs((s.mean as number) - want), `mean ${String(s.mean)} vs numpy ${want}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(want)),
  );
}

for (const adapter of [ipcAdapter, webAdapter]) {
  describeWithPython(`model.initializerPreview over ${adapter.name}`, () => {
    let api: Connected;
    const opened = new Map<string, string>();
    beforeAll(async () => {
      api = await adapter.connect({ dataDir: path.join(dir, `data-${adapter.name}`) });
    });
    afterAll(async () => {
      await api.close();
    });
    const modelId = async (name: string) => {
      if (!opened.has(name)) opened.set(name, (await api.value<OpenedModel>('model.openPath', { path: cases.models[name] })).modelId);
      return opened.get(name)!;
    };
    const preview = async (model: string, tensor: string, extra: object = {}) =>
      api.value<InitializerPreview>('model.initializerPreview', { modelId: await modelId(model), tensor, ...extra });

    it('every dtype and storage form reads as numpy reads it (values and whole-tensor stats)', async () => {
      const keys = Object.keys(cases.tensors).filter((k) => k.startsWith('dtypes/'));
      expect(keys.length).toBeGreaterThan(20);
      for (const key of keys) {
        const e = cases.tensors[key]!;
        const name = key.slice('dtypes/'.length);
        // "@node.attribute": a tensor a Constant node holds, read the same way.
        const [node, attribute] = name.startsWith('@') ? name.slice(1).split('.') : [];
        const p = node
          ? await api.value<InitializerPreview>('model.initializerPreview', {
              modelId: await modelId('dtypes'),
              attribute: { node, name: attribute },
            })
          : await preview('dtypes', name);
        expectPreviewMatches(p, e);
        if (e.min === undefined)
          expect(p.stats).toBeNull(); // strings
        else expectStatsMatch(p, e);
      }
      // Where the bytes were read, as the reader located them.
      expect((await preview('dtypes', 'f32_raw')).storage).toBe('raw_data');
      expect((await preview('dtypes', 'f32_field')).storage).toBe('float_data');
      expect((await preview('dtypes', 'i64_field')).storage).toBe('int64_data');
      expect((await preview('dtypes', 'bf16_field')).storage).toBe('int32_data');
      expect((await preview('dtypes', 'str')).storage).toBe('string_data');
      // int64 beyond 2^53 stays exact, as a decimal string.
      expect((await preview('dtypes', 'i64_unsafe')).values).toEqual([
        1,
        -2,
        '9007199254740993',
        '-4611686018427387904',
        9007199254740991,
        0,
      ]);
    });

    it('packed sub-byte and 8-bit float types: int4/uint4 two per byte (odd count), float8e5m2', async () => {
      for (const t of ['u4', 'i4', 'f8e5m2']) {
        const e = cases.tensors[`subbyte/${t}`]!;
        const p = await preview('subbyte', t);
        expectPreviewMatches(p, e);
        expectStatsMatch(p, e);
      }
      expect((await preview('subbyte', 'u4')).byteLength).toBe(8);
    });

    it('a limit cuts the values, not the statistics', async () => {
      const e = cases.tensors['dtypes/many']!;
      const p = await preview('dtypes', 'many', { limit: 10 });
      expectPreviewMatches(p, e, 10);
      expect(p.truncated).toBe(true);
      expectStatsMatch(p, e);
      const s = await preview('dtypes', 'str', { limit: 3 });
      expect(s).toMatchObject({ values: ['a', 'héllo', ''], truncated: true, elementCount: 4 });
    });

    it('a 12 MB tensor: the first values shown, statistics streamed over all 3M elements', async () => {
      const e = cases.tensors['big/big']!;
      const p = await preview('big', 'big');
      expectPreviewMatches(p, e, 100);
      expect(p.byteLength).toBe(BIG * 4);
      expectStatsMatch(p, e);
      expect(p.stats!.nanCount).toBe(1);
    });

    it('a 68 MB tensor: statistics say they cover only the values shown', async () => {
      const e = cases.tensors['huge/big']!;
      const p = await preview('huge', 'big', { limit: 1000 });
      expect(plain(p.values.slice(0, 100))).toEqual(plain(e.values));
      expect(p.values).toHaveLength(1000);
      expect(p.truncated).toBe(true);
      expect(p.stats).toMatchObject({ over: 'shown', count: 1000, nanCount: 1 });
      const shown = p.values.filter((v): v is number => typeof v === 'number');
      expect(p.stats!.min).toBe(Math.min(...shown));
      expect(p.stats!.max).toBe(Math.max(...shown));
    });

    it('initializers of If and Loop bodies are found by their path', async () => {
      const cases_ = [
        ['then_w', [{ node: 'branch', attribute: 'then_branch' }]],
        ['else_w', [{ node: 'branch', attribute: 'else_branch' }]],
        ['body_w', [{ node: 'n:1', attribute: 'body' }]],
      ] as const;
      for (const [tensor, p] of cases_) {
        const got = await preview('control', tensor, { path: p });
        expectPreviewMatches(got, cases.tensors[`control/${tensor}`]!);
        expectStatsMatch(got, cases.tensors[`control/${tensor}`]!);
      }
      // Not in the main graph: the error says so and names the way to it.
      const main = await api.call('model.initializerPreview', { modelId: await modelId('control'), tensor: 'then_w' });
      expect(main).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('"then_w"') } });
      const badPath = await api.call('model.initializerPreview', {
        modelId: await modelId('control'),
        tensor: 'then_w',
        path: [{ node: 'branch', attribute: 'body' }],
      });
      expect(badPath).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', hint: expect.stringContaining('then_branch') } });
      const noNode = await api.call('model.initializerPreview', {
        modelId: await modelId('control'),
        tensor: 'then_w',
        path: [{ node: 'nope', attribute: 'then_branch' }],
      });
      expect(noNode).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('nope') } });
    });

    it('external data is read from its file; unknown tensors, models and bad requests are refused clearly', async () => {
      for (const t of ['ext_w', 'ext_b']) {
        const p = await preview('ext', t);
        expect(p.storage).toBe('weights.bin');
        expectPreviewMatches(p, cases.tensors[`ext/${t}`]!);
        expectStatsMatch(p, cases.tensors[`ext/${t}`]!);
      }
      const id = await modelId('dtypes');
      expect(await api.call('model.initializerPreview', { modelId: id, tensor: 'no_such' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST', message: expect.stringContaining('no_such'), hint: expect.stringContaining('f32_raw') },
      });
      expect(await api.call('model.initializerPreview', { modelId: 'nosuchmodel', tensor: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'MODEL_NOT_OPEN' },
      });
      expect(await api.call('model.initializerPreview', { modelId: id, tensor: 'f32_raw', limit: 1001 })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' },
      });
      expect(await api.call('model.initializerPreview', { modelId: id })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await api.call('model.initializerPreview', { modelId: id, attribute: { node: 'id', name: 'value' } })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST', hint: 'It holds no tensor attribute.' },
      });
      expect(await api.call('model.initializerPreview', { modelId: id, attribute: { node: 'n:1', name: 'value' } })).toMatchObject({
        ok: true,
        value: { name: 'const_w_value', dims: [4, 5] },
      });
      expect(await api.call('model.initializerPreview', { modelId: id, tensor: 'c64' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_SUPPORTED', message: expect.stringContaining('complex64'), hint: expect.any(String) },
      });
    });
  });
}

describeWithPython('model.initializerPreview on moved files', () => {
  let api: Connected;
  beforeAll(async () => {
    api = await webAdapter.connect({ dataDir: path.join(dir, 'data-moved') });
  });
  afterAll(async () => {
    await api.close();
  });

  it('a model opened from a bundle previews the values packed into it (external data included)', async () => {
    const model = await api.value<OpenedModel>('model.openPath', { path: cases.models.ext });
    const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId: model.modelId });
    const { jobId } = await api.value<{ jobId: string }>('bundle.pack', { modelId: model.modelId, metadata, fileName: 'ext.tar.gz' });
    const end = (await api.jobEnd(jobId, 120_000)) as { kind: string; result: PackedBundle; error?: unknown };
    expect(end.kind, JSON.stringify(end.error)).toBe('done');
    const bundled = await api.value<OpenedModel>('model.openPath', { path: path.join(path.dirname(cases.models.ext!), 'ext.tar.gz') });
    expect(bundled.bundle).toBeDefined();
    const p = await api.value<InitializerPreview>('model.initializerPreview', { modelId: bundled.modelId, tensor: 'ext_w' });
    expectPreviewMatches(p, cases.tensors['ext/ext_w']!);
  }, 180_000);

  it('a model uploaded in browser mode (with its weights file) previews from the uploaded copy', async () => {
    const host = await startTestHost({ dataDir: path.join(dir, 'data-upload') });
    try {
      const folder = path.dirname(cases.models.ext!);
      const upload = async (name: string, uploadId?: string) => {
        const url = `http://127.0.0.1:${host.port}/api/upload?token=${host.token}&name=${name}${uploadId ? `&uploadId=${uploadId}` : ''}`;
        const r = (await (await fetch(url, { method: 'POST', body: readFileSync(path.join(folder, name)) })).json()) as {
          ok: boolean;
          value: { uploadId: string };
        };
        expect(r.ok).toBe(true);
        return r.value.uploadId;
      };
      const uploadId = await upload('weights.bin');
      await upload('ext.onnx', uploadId);
      const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
      let next = 1;
      const call = (name: string, input: unknown) =>
        new Promise<{ ok: boolean; value?: any; error?: unknown }>((resolve) => {
          const id = next++;
          const onMessage = (d: Buffer) => {
            const m = JSON.parse(d.toString()) as { id?: number; result?: { ok: boolean; value?: any } };
            if (m.id !== id) return;
            ws.off('message', onMessage);
            resolve(m.result!);
          };
          ws.on('message', onMessage);
          ws.send(JSON.stringify({ id, call: name, input }));
        });
      const opened = await call('model.openUpload', { uploadId, fileName: 'ext.onnx' });
      expect(opened).toMatchObject({ ok: true, value: { displayPath: 'ext.onnx' } });
      const p = await call('model.initializerPreview', { modelId: opened.value.modelId, tensor: 'ext_b' });
      expect(p.ok, JSON.stringify(p.error)).toBe(true);
      expectPreviewMatches(p.value as InitializerPreview, cases.tensors['ext/ext_b']!);
      ws.close();
    } finally {
      await host.close();
    }
  });

  it('an external data file removed after opening: EXTERNAL_DATA_MISSING with a hint', async () => {
    const model = await api.value<OpenedModel>('model.openPath', { path: cases.models.ext });
    rmSync(path.join(path.dirname(cases.models.ext!), 'weights.bin'));
    const r = await api.call('model.initializerPreview', { modelId: model.modelId, tensor: 'ext_w' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'EXTERNAL_DATA_MISSING',
        message: expect.stringContaining('weights.bin'),
        hint: expect.stringContaining('weights.bin'),
      },
    });
  });
});
