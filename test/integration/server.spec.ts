// The inference server over real HTTP with the real onnxruntime (runtime process from dist/):
// every OIP route, infer answering exactly as the studio's Predictor does (and as numpy computes),
// OIP datatypes, the studio's validation messages as 400s, 404s, metrics and the OpenAPI document.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { Predictor } from '../../core/runtime/predictor';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { silentLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { MLP_SAMPLES, packMlpBundle } from '../bench/children/server-bundle';
import { mlpExpected } from '../fixtures/mlp-expected';
import { multiIo } from '../fixtures/models';
import { hasPythonOnnx } from '../fixtures/python-run';
import { suiteDir } from '../fixtures/tmp';
import { vi, writeModel } from '../fixtures/onnx-writer';
import { join } from 'node:path';

const X = [
  [1, 2, 3, 4],
  [-1, 0.5, 0, 2],
  [0.3, -0.7, 1.1, 5],
];

async function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
async function get(url: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json() };
}

describe('inference server: mlp bundle', () => {
  const dir = suiteDir('server');
  let server: RunningServer;
  let modelPath: string;
  let infer: string;
  const runtime = new RuntimeService(forkRuntime());
  afterAll(async () => {
    await server?.close();
    await runtime.dispose();
  });

  beforeAll(async () => {
    ({ modelPath } = await packMlpBundle(dir, { name: 'mlp.tar.gz' }));
    server = await startServer({ bundle: `${dir}/mlp.tar.gz`, port: 0, host: '127.0.0.1', logger: silentLogger });
    expect(await server.ready).toBe(true);
    infer = `${server.url}/v2/models/mlp/infer`;
  });

  it('health, server metadata, model metadata and readiness', async () => {
    expect(await get(`${server.url}/v2/health/live`)).toEqual({ status: 200, json: { live: true } });
    expect(await get(`${server.url}/v2/health/ready`)).toEqual({ status: 200, json: { ready: true } });
    const meta = await get(`${server.url}/v2`);
    expect(meta.status).toBe(200);
    expect(meta.json).toMatchObject({ name: 'modelcrate', extensions: ['binary_tensor_data'] });
    expect(typeof meta.json.version).toBe('string');
    const model = {
      name: 'mlp',
      versions: ['0.1.0'],
      platform: 'onnx_onnxv1',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 3] }],
    };
    expect(await get(`${server.url}/v2/models/mlp`)).toEqual({ status: 200, json: model });
    expect(await get(`${server.url}/v2/models/mlp/versions/0.1.0`)).toEqual({ status: 200, json: model });
    expect(await get(`${server.url}/v2/models/mlp/ready`)).toEqual({ status: 200, json: { name: 'mlp', ready: true } });
    expect((await get(`${server.url}/v2/models/mlp/versions/0.1.0/ready`)).status).toBe(200);
  });

  it('unknown model, version or route → 404; wrong method → 405', async () => {
    const other = await get(`${server.url}/v2/models/resnet`);
    expect(other.status).toBe(404);
    expect(other.json.error).toBe('Model "resnet" is not served here; this server serves "mlp" version "0.1.0".');
    expect((await get(`${server.url}/v2/models/mlp/versions/9.9.9`)).status).toBe(404);
    expect((await post(`${server.url}/v2/models/mlp/versions/9.9.9/infer`, { inputs: [] })).status).toBe(404);
    expect((await get(`${server.url}/v2/nothing`)).status).toBe(404);
    expect((await get(infer)).status).toBe(405);
  });

  it("infer answers exactly what the studio's Predictor gives (same onnxruntime), and numpy's values", async () => {
    const summary = await readModelSummary(modelPath);
    const studio = await new Predictor(runtime).predictJson(
      { modelId: 'studio', filePath: modelPath, summary },
      { x: { shape: [3, 4], data: X.flat() } },
    );
    const r = await post(infer, { id: 'req-1', inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: X }] });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      model_name: 'mlp',
      model_version: '0.1.0',
      id: 'req-1',
      outputs: [{ name: 'y', datatype: 'FP32', shape: [3, 3], data: Array.from(studio.outputs.y!.data as Float32Array) }],
    });
    // Flat data is the same request.
    expect((await post(infer, { inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: X.flat() }] })).json.outputs).toEqual(
      r.json.outputs,
    );
    if (hasPythonOnnx) {
      const expected = mlpExpected(modelPath, X).flat();
      r.json.outputs[0].data.forEach((v: number, i: number) => expect(v).toBeCloseTo(expected[i]!, 5));
    }
  });

  it('the versioned infer route and the outputs filter', async () => {
    const r = await post(`${server.url}/v2/models/mlp/versions/0.1.0/infer`, {
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }],
      outputs: [{ name: 'y' }],
    });
    expect(r.status).toBe(200);
    expect(r.json.outputs.map((o: { name: string }) => o.name)).toEqual(['y']);
    expect(r.json.id).toBeUndefined();
    const bad = await post(infer, {
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }],
      outputs: [{ name: 'z' }],
    });
    expect(bad).toEqual({ status: 400, json: { error: 'INVALID_REQUEST: The model has no output named "z"; its outputs are "y".' } });
  });

  it("bad inputs → 400 with the studio's code and message", async () => {
    const x = (over: object) => ({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4], ...over }] });
    const cases: Array<[unknown, RegExp]> = [
      [x({ shape: [1, 5], data: [1, 2, 3, 4, 5] }), /^INPUT_DIM_MISMATCH: Input "x" has shape \[1,5\] but the model expects \[batch,4\]/],
      [x({ shape: [4] }), /^INPUT_RANK_MISMATCH: Input "x"/],
      [x({ shape: [2, 4] }), /^INPUT_SIZE_MISMATCH: Input "x"/],
      [x({ datatype: 'INT32' }), /^INPUT_TYPE_MISMATCH: Input "x"/],
      [x({ datatype: 'BF16' }), /^INVALID_TENSOR: Input "x" has datatype "BF16", which is not an Open Inference Protocol datatype/],
      [x({ data: [1, 2, 'three', 4] }), /^INVALID_TENSOR: Input "x" element 2 is "three"/],
      [x({ name: 'X' }), /^INPUT_UNKNOWN: The model has no input named "X"; its inputs are "x"/],
      [{ inputs: [] }, /^INPUT_MISSING: Input "x" is missing/],
      [
        { inputs: [{ name: 'x', shape: [-1], datatype: 'FP32', data: [] }] },
        /^INVALID_REQUEST: The infer request has an invalid field "inputs\.0\.shape\.0"/,
      ],
      [{ input: [] }, /^INVALID_REQUEST: The infer request has an invalid field "inputs"/],
      ['{"inputs": [', /^INVALID_REQUEST: The request body is not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const r = await post(infer, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error).toMatch(message);
    }
  });

  it('the self-test replayed every golden sample: the samples answer their recorded outputs', async () => {
    expect(server.state()).toMatchObject({ phase: 'ready', samples: MLP_SAMPLES.length });
  });

  it('/metrics counts requests by route and status, errors and latency', async () => {
    const count = async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const m = /modelcrate_requests_total\{route="\/v2\/models\/\{name\}\/infer",method="POST",status="200"\} (\d+)/.exec(text);
      return { ok: Number(m?.[1] ?? 0), text };
    };
    const before = await count();
    await post(infer, { inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] });
    await post(infer, { inputs: [] });
    const after = await count();
    expect(after.ok).toBe(before.ok + 1);
    expect(after.text).toMatch(/modelcrate_request_errors_total\{route="\/v2\/models\/\{name\}\/infer",status="400"\} \d+/);
    expect(after.text).toMatch(/modelcrate_request_duration_seconds_bucket\{route="\/v2\/models\/\{name\}\/infer",le="\+Inf"\} \d+/);
    expect(after.text).toMatch(/modelcrate_inference_duration_seconds_count [1-9]/);
    expect(after.text).toMatch(/^modelcrate_requests_in_flight 1$/m); // the scrape itself
    expect(after.text).toMatch(/^modelcrate_queue_length 0$/m);
  });

  it('/openapi.json is OpenAPI 3.1 for this model; a real request validates against it, a wrong one does not', async () => {
    const doc = (await get(`${server.url}/openapi.json`)).json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v2/models/mlp/infer');
    const validate = new Ajv2020({ strict: false }).compile(doc.components.schemas.InferRequest);
    expect(validate({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [[1, 2, 3, 4]] }] })).toBe(true);
    expect(validate({ inputs: [{ name: 'y', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] })).toBe(false);
    expect(validate({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'INT8', data: [1, 2, 3, 4] }] })).toBe(false);
  });
});

describe('inference server: OIP datatypes', () => {
  const dir = suiteDir('server-types');
  let server: RunningServer;
  afterAll(() => server?.close());
  const inputs = [
    {
      name: 'f32',
      datatype: 'FP32',
      shape: [2, 3],
      data: [
        [1.5, -2, 'NaN'],
        [0, 'Infinity', 3],
      ],
    },
    // Beyond 2^53 as decimal strings (exact), small ones as numbers.
    { name: 'i64', datatype: 'INT64', shape: [4], data: ['9007199254740993', -5, '-9223372036854775808', 7] },
    { name: 'flag', datatype: 'BOOL', shape: [1], data: [true] },
    { name: 'text', datatype: 'BYTES', shape: [2], data: ['héllo', ''] },
    { name: 'half', datatype: 'FP16', shape: [2, 2], data: [0.5, -1, 65504, 0.0999755859375] },
    { name: 'u8', datatype: 'UINT8', shape: [3], data: [0, 128, 255] },
    { name: 'f64', datatype: 'FP64', shape: [1], data: [0.1] },
  ];

  beforeAll(async () => {
    await packMlpBundle(dir, {
      name: 'multi',
      build: multiIo,
      samples: [{ name: 'all', inputs: Object.fromEntries(inputs.map((i) => [i.name, { shape: i.shape, data: i.data.flat() }])) }],
    });
    server = await startServer({ bundle: `${dir}/multi`, port: 0, host: '127.0.0.1', logger: silentLogger });
    expect(await server.ready).toBe(true);
  });

  it('every datatype round-trips through Identity; 64-bit integers beyond 2^53 stay exact as decimal strings', async () => {
    const r = await post(`${server.url}/v2/models/multi_io/infer`, { inputs });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const out = Object.fromEntries(r.json.outputs.map((o: { name: string }) => [o.name, o]));
    for (const i of inputs)
      expect(out[`${i.name}_out`]).toEqual({ name: `${i.name}_out`, datatype: i.datatype, shape: i.shape, data: i.data.flat() });
    expect(out.sum).toEqual({ name: 'sum', datatype: 'FP32', shape: [2, 3], data: [3, -4, 'NaN', 0, 'Infinity', 6] });
  });

  it("an int64 beyond 2^53 sent as a plain JSON number (as Python's json.dump writes it) is read exactly", async () => {
    // JSON.stringify writes the strings quoted; unquote them as json.dump would write the ints.
    const body = JSON.stringify({ inputs })
      .replace('"9007199254740993"', '9007199254740993')
      .replace('"-9223372036854775808"', '-9223372036854775808');
    expect(body).toContain('[9007199254740993,-5,-9223372036854775808,7]');
    const r = await post(`${server.url}/v2/models/multi_io/infer`, body);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.outputs.find((o: { name: string }) => o.name === 'i64_out').data).toEqual([
      '9007199254740993',
      -5,
      '-9223372036854775808',
      7,
    ]);
  });
});

describe('inference server: exact 64-bit integers', () => {
  const dir = suiteDir('server-int64');
  let server: RunningServer;
  afterAll(() => server?.close());
  const identity64 = (d: string) =>
    writeModel(join(d, 'identity64.onnx'), {
      graph: {
        name: 'identity64',
        inputs: [vi('i', 'int64', [2]), vi('u', 'uint64', [2])],
        outputs: [vi('i_out', 'int64', [2]), vi('u_out', 'uint64', [2])],
        nodes: [
          { opType: 'Identity', inputs: ['i'], outputs: ['i_out'] },
          { opType: 'Identity', inputs: ['u'], outputs: ['u_out'] },
        ],
      },
    });

  beforeAll(async () => {
    await packMlpBundle(dir, {
      name: 'id64',
      build: identity64,
      samples: [
        { name: 'big', inputs: { i: { shape: [2], data: ['9007199254740993', 1] }, u: { shape: [2], data: ['18446744073709551615', 0] } } },
      ],
    });
    server = await startServer({ bundle: `${dir}/id64`, port: 0, host: '127.0.0.1', logger: silentLogger });
    expect(await server.ready).toBe(true);
  });

  it('int64 9007199254740993 and uint64 18446744073709551615 as plain numbers come back exact, as decimal strings', async () => {
    const body =
      '{"inputs": [{"name": "i", "datatype": "INT64", "shape": [2], "data": [9007199254740993, 1]}, {"name": "u", "datatype": "UINT64", "shape": [2], "data": [18446744073709551615, 0]}]}';
    const r = await post(`${server.url}/v2/models/identity64/infer`, body);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const out = Object.fromEntries(r.json.outputs.map((o: { name: string; data: unknown[] }) => [o.name, o.data]));
    expect(out).toEqual({ i_out: ['9007199254740993', 1], u_out: ['18446744073709551615', 0] });
  });
});
