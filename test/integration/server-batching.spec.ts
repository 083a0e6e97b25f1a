// Dynamic batching against the real server and onnxruntime: concurrent requests merged into one run
// answer bit for bit what each gets alone (a server with batching off, the reference), for the
// mlp, a conv net and a real PP-OCR classifier; the metrics show the merged runs; requests that
// cannot merge (other dims) and a model whose "batch" output is not per row still answer right.
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { packMlpBundle } from '../bench/children/server-bundle';
import { convNet, mlp, randomFloats, vggNet, type Builder } from '../fixtures/models';
import { vi, writeModel } from '../fixtures/onnx-writer';
import { realModel } from '../fixtures/real-models';
import { suiteDir } from '../fixtures/tmp';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

interface Case {
  name: string;
  build: Builder;
  /** A request's input: its rows and the size of one row. */
  rowShape: number[];
}

const CASES: Case[] = [
  { name: 'mlp', build: mlp, rowShape: [4] },
  { name: 'convnet', build: convNet, rowShape: [3, 32, 32] },
  // Batch 1 runs its fully connected head as matrix × vector, a batch as matrix × matrix: other kernels.
  { name: 'vggnet', build: vggNet, rowShape: [3, 32, 32] },
  { name: 'ppocr_cls', build: () => realModel('ppocr_cls'), rowShape: [3, 48, 192] },
];

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(bundle: string, maxBatchSize: number): Promise<RunningServer> {
  // A queue delay makes the merge certain: the first request waits for the others sent with it.
  const s = await startServer({ bundle, port: 0, host: '127.0.0.1', logger: silentLogger, batch: { maxBatchSize, maxQueueDelayMs: 200 } });
  servers.push(s);
  expect(await s.ready).toBe(true);
  return s;
}

function request(rows: number, rowShape: number[], seed: number) {
  const per = rowShape.reduce((a, b) => a * b, 1);
  return { inputs: [{ name: 'x', shape: [rows, ...rowShape], datatype: 'FP32', data: randomFloats(rows * per, seed) }] };
}

async function infer(s: RunningServer, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${s.url}/v2/models/${s.model.name}/infer`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

/** Runs of more than one row, from /metrics' modelcrate_batch_size histogram. */
async function mergedRuns(s: RunningServer): Promise<{ merged: number; total: number }> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const ones = num(/^modelcrate_batch_size_bucket\{le="1"\} (\d+)$/m);
  const total = num(/^modelcrate_batch_size_count (\d+)$/m);
  return { merged: total - ones, total };
}

describe('dynamic batching: merged runs answer what each request gets alone', () => {
  const base = suiteDir('server-batching');
  const dir = (name: string) => {
    const d = join(base, name);
    mkdirSync(d, { recursive: true });
    return d;
  };

  for (const c of CASES) {
    it(`${c.name}: 12 concurrent requests of 1–3 rows, bit-identical to unbatched answers`, { timeout: 120_000 }, async () => {
      const sub = dir(c.name);
      const sample = request(1, c.rowShape, 99);
      const { bundle } = await packMlpBundle(sub, {
        build: c.build,
        name: `${c.name}-bundle`,
        samples: [{ name: 'one', inputs: { x: { shape: sample.inputs[0]!.shape, data: sample.inputs[0]!.data } } }],
      });
      const batched = await serve(bundle, 32);
      const alone = await serve(bundle, 1);
      const bodies = Array.from({ length: 12 }, (_, i) => request(1 + (i % 3), c.rowShape, 1000 + i));
      const before = await mergedRuns(batched);
      const together = await Promise.all(bodies.map((b) => infer(batched, b)));
      const reference: Array<{ status: number; json: any }> = [];
      for (const b of bodies) reference.push(await infer(alone, b));
      for (const [i, r] of together.entries()) {
        expect(r.status, JSON.stringify(r.json).slice(0, 300)).toBe(200);
        expect(r.json.outputs).toEqual(reference[i]!.json.outputs);
        expect(r.json.outputs[0].shape[0]).toBe(bodies[i]!.inputs[0]!.shape[0]);
      }
      const after = await mergedRuns(batched);
      // Every request of this round was part of a run of more than one row.
      expect(after.merged - before.merged).toBe(12);
      expect((await mergedRuns(alone)).merged).toBe(0);
    });
  }

  it('requests that differ in another dim are not merged with each other, and still answer right', { timeout: 60_000 }, async () => {
    const { bundle } = await packMlpBundle(dir('dims'), {
      build: () => realModel('ppocr_cls'),
      name: 'cls-dims',
      samples: [{ name: 'one', inputs: { x: { shape: [1, 3, 48, 192], data: randomFloats(3 * 48 * 192, 5) } } }],
    });
    const batched = await serve(bundle, 32);
    const alone = await serve(bundle, 1);
    const bodies = [request(1, [3, 48, 192], 1), request(2, [3, 48, 96], 2), request(1, [3, 48, 192], 3), request(1, [3, 32, 96], 4)];
    const together = await Promise.all(bodies.map((b) => infer(batched, b)));
    for (const [i, b] of bodies.entries()) {
      expect(together[i]!.status).toBe(200);
      expect(together[i]!.json.outputs).toEqual((await infer(alone, b)).json.outputs);
    }
  });

  it(
    'a model whose variable first output dim is not per row: batching turns itself off, answers stay right',
    { timeout: 60_000 },
    async () => {
      // y = ReduceSum over the rows: [N,4] → [1,4], declared [m,4], so it looks batchable.
      const sumRows: Builder = (d) =>
        writeModel(join(d, 'sum-rows.onnx'), {
          graph: {
            name: 'sum_rows',
            inputs: [vi('x', 'float32', ['n', 4])],
            outputs: [vi('y', 'float32', ['m', 4])],
            nodes: [{ opType: 'ReduceSum', name: 'sum', inputs: ['x'], outputs: ['y'], attributes: [{ name: 'axes', ints: [0] }] }],
          },
          opsets: [{ domain: '', version: 12 }],
        });
      const { bundle } = await packMlpBundle(dir('sum'), { build: sumRows, name: 'sum-bundle' });
      const batched = await serve(bundle, 32);
      const bodies = Array.from({ length: 6 }, (_, i) => request(2, [4], 50 + i));
      const answers = await Promise.all(bodies.map((b) => infer(batched, b)));
      for (const [i, a] of answers.entries()) {
        expect(a.status).toBe(200);
        const x = bodies[i]!.inputs[0]!.data;
        const expected = [0, 1, 2, 3].map((k) => Math.fround(Math.fround(x[k]!) + Math.fround(x[4 + k]!)));
        expect(a.json.outputs[0]).toMatchObject({ name: 'y', shape: [1, 4] });
        expect(a.json.outputs[0].data).toEqual(expected);
      }
    },
  );
});
