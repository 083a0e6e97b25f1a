// The inference server's binary tensor extension (issue 14), in and out, and its errors: raw
// node:http clients against startServer, split from server-load.spec.ts.
import { type OutgoingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { packMlpBundle } from '../bench/children/server-bundle';
import { vi, writeModel } from '../fixtures/onnx-writer';
import { suiteDir } from '../fixtures/tmp';
import { type Answer, INFER, JSON_TYPE, json, keepAlive, send } from '../fixtures/http-exchange';

afterAll(() => keepAlive.destroy());

function binaryBody(header: unknown, parts: Uint8Array[], align = 0): { body: Buffer; headerLength: number } {
  let text = JSON.stringify(header);
  while (Buffer.byteLength(text) % 4 !== align) text += ' ';
  const head = Buffer.from(text);
  return { body: Buffer.concat([head, ...parts]), headerLength: head.length };
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The JSON part and the raw bytes after it of a binary-extension answer. */
function splitBinary(a: Answer): { head: any; raw: Buffer } {
  const n = Number(a.headers['inference-header-content-length']);
  expect(Number.isSafeInteger(n)).toBe(true);
  return { head: JSON.parse(a.body.subarray(0, n).toString('utf8')), raw: a.body.subarray(n) };
}

/** A float32 answer's values as their bit patterns (NaN-safe, -0 ≠ 0). */
const bits = (values: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(values).buffer));

describe('binary tensor extension', () => {
  const dir = suiteDir('server-binary');
  let mlp: RunningServer;
  let ids: RunningServer;
  const X = [1, 2, 3, 4, -1, 0.5, 0, 2, 0.3, -0.7, 1.1, 5];
  const x32 = Float32Array.from(X);
  const binaryHeaders = (headerLength: number | string) => ({
    'content-type': 'application/octet-stream',
    'inference-header-content-length': String(headerLength),
  });
  let jsonAnswer: any;

  beforeAll(async () => {
    const { bundle } = await packMlpBundle(dir);
    // int64 and BYTES through Identity; `n` and `m` apart so either can be any length.
    const identity = (d: string) =>
      writeModel(join(d, 'ids.onnx'), {
        graph: {
          name: 'ids',
          inputs: [vi('i', 'int64', ['n']), vi('s', 'string', ['m'])],
          outputs: [vi('i_out', 'int64', ['n']), vi('s_out', 'string', ['m'])],
          nodes: [
            { opType: 'Identity', inputs: ['i'], outputs: ['i_out'] },
            { opType: 'Identity', inputs: ['s'], outputs: ['s_out'] },
          ],
        },
      });
    const packed = await packMlpBundle(dir, {
      name: 'ids-bundle',
      build: identity,
      samples: [{ name: 'one', inputs: { i: { shape: [1], data: [7] }, s: { shape: [1], data: ['a'] } } }],
    });
    [mlp, ids] = await Promise.all([
      startServer({ bundle, port: 0, host: '127.0.0.1', logger: silentLogger }),
      startServer({ bundle: packed.bundle, port: 0, host: '127.0.0.1', logger: silentLogger }),
    ]);
    expect(await mlp.ready).toBe(true);
    expect(await ids.ready).toBe(true);
    const r = await send(mlp.url, INFER, JSON.stringify({ inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: X }] }));
    expect(r.status).toBe(200);
    jsonAnswer = json(r);
  });
  afterAll(async () => {
    await mlp?.close();
    await ids?.close();
  });

  it('a binary input (header aligned or not) answers exactly what the same JSON request answers', async () => {
    for (const align of [0, 1, 2, 3]) {
      const { body, headerLength } = binaryBody(
        { inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', parameters: { binary_data_size: x32.byteLength } }] },
        [bytesOf(x32)],
        align,
      );
      const r = await send(mlp.url, INFER, body, binaryHeaders(headerLength));
      expect(r.status, r.body.toString()).toBe(200);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['inference-header-content-length']).toBeUndefined();
      expect(json(r)).toEqual(jsonAnswer);
    }
  });

  it('binary_data_output: the answer is the JSON header then raw float32 bytes, bit for bit the JSON answer', async () => {
    const r = await send(
      mlp.url,
      INFER,
      JSON.stringify({
        id: 'b1',
        parameters: { binary_data_output: true },
        inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: X }],
      }),
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    const { head, raw } = splitBinary(r);
    expect(head).toEqual({
      model_name: 'mlp',
      model_version: '0.1.0',
      id: 'b1',
      outputs: [{ name: 'y', datatype: 'FP32', shape: [3, 3], parameters: { binary_data_size: 36 } }],
    });
    expect(raw.length).toBe(36);
    const y = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    expect(bits(y)).toEqual(bits(jsonAnswer.outputs[0].data));
  });

  it('per output: binary_data true asks for raw bytes, binary_data false overrides binary_data_output', async () => {
    const input = { name: 'x', shape: [3, 4], datatype: 'FP32', data: X };
    const asked = await send(
      mlp.url,
      INFER,
      JSON.stringify({ inputs: [input], outputs: [{ name: 'y', parameters: { binary_data: true } }] }),
    );
    expect(asked.status).toBe(200);
    const { head, raw } = splitBinary(asked);
    expect(head.outputs).toEqual([{ name: 'y', datatype: 'FP32', shape: [3, 3], parameters: { binary_data_size: 36 } }]);
    expect(bits(new Float32Array(Uint8Array.from(raw).buffer))).toEqual(bits(jsonAnswer.outputs[0].data));

    const declined = await send(
      mlp.url,
      INFER,
      JSON.stringify({
        parameters: { binary_data_output: true },
        inputs: [input],
        outputs: [{ name: 'y', parameters: { binary_data: false } }],
      }),
    );
    expect(declined.status).toBe(200);
    expect(declined.headers['content-type']).toBe('application/json');
    expect(declined.headers['inference-header-content-length']).toBeUndefined();
    expect(json(declined).outputs).toEqual(jsonAnswer.outputs);
  });

  it('40k rows (past 128 KiB: decoded and encoded on the codec thread) binary in and out equal the JSON request and answer', async () => {
    const rows = 40_000;
    const x = Float32Array.from({ length: rows * 4 }, (_, i) => ((i * 7) % 13) / 4 - 1.5);
    const fromJson = await send(
      mlp.url,
      INFER,
      JSON.stringify({ inputs: [{ name: 'x', shape: [rows, 4], datatype: 'FP32', data: Array.from(x) }] }),
    );
    expect(fromJson.status).toBe(200);
    const expected = json(fromJson).outputs[0].data as number[];
    expect(expected).toHaveLength(rows * 3);
    const { body, headerLength } = binaryBody(
      {
        parameters: { binary_data_output: true },
        inputs: [{ name: 'x', shape: [rows, 4], datatype: 'FP32', parameters: { binary_data_size: x.byteLength } }],
      },
      [bytesOf(x)],
      1,
    );
    expect(body.length).toBeGreaterThan(128 << 10);
    const r = await send(mlp.url, INFER, body, binaryHeaders(headerLength));
    expect(r.status, r.body.subarray(0, 300).toString()).toBe(200);
    const { head, raw } = splitBinary(r);
    expect(head.outputs[0]).toEqual({ name: 'y', datatype: 'FP32', shape: [rows, 3], parameters: { binary_data_size: rows * 12 } });
    expect(bits(new Float32Array(Uint8Array.from(raw).buffer))).toEqual(bits(expected));
  });

  it('int64 beyond 2^53 and BYTES (4-byte length prefixes) in as binary: exact in JSON, and the same bytes back as binary', async () => {
    const i64 = BigInt64Array.from([9007199254740993n, -5n, -9223372036854775808n]);
    const strings = ['héllo', '', 'x y'];
    const items = strings.map((s) => {
      const b = Buffer.from(s, 'utf8');
      const n = Buffer.alloc(4);
      n.writeUInt32LE(b.length);
      return Buffer.concat([n, b]);
    });
    const sBytes = Buffer.concat(items);
    const inputs = [
      { name: 'i', shape: [3], datatype: 'INT64', parameters: { binary_data_size: i64.byteLength } },
      { name: 's', shape: [3], datatype: 'BYTES', parameters: { binary_data_size: sBytes.length } },
    ];
    const asJson = binaryBody({ inputs }, [bytesOf(i64), sBytes], 2);
    const r = await send(ids.url, '/v2/models/ids/infer', asJson.body, binaryHeaders(asJson.headerLength));
    expect(r.status, r.body.toString()).toBe(200);
    const out = Object.fromEntries(json(r).outputs.map((o: { name: string; data: unknown[] }) => [o.name, o.data]));
    expect(out).toEqual({ i_out: ['9007199254740993', -5, '-9223372036854775808'], s_out: strings });

    const asBinary = binaryBody({ parameters: { binary_data_output: true }, inputs }, [bytesOf(i64), sBytes]);
    const b = await send(ids.url, '/v2/models/ids/infer', asBinary.body, binaryHeaders(asBinary.headerLength));
    expect(b.status).toBe(200);
    const { head, raw } = splitBinary(b);
    expect(head.outputs).toEqual([
      { name: 'i_out', datatype: 'INT64', shape: [3], parameters: { binary_data_size: 24 } },
      { name: 's_out', datatype: 'BYTES', shape: [3], parameters: { binary_data_size: sBytes.length } },
    ]);
    expect(raw).toEqual(Buffer.concat([bytesOf(i64), sBytes]));
  });

  it('binary mistakes are 400s naming them', async () => {
    const x = (size: number, shape = [3, 4]) => ({
      inputs: [{ name: 'x', shape, datatype: 'FP32', parameters: { binary_data_size: size } }],
    });
    const expect400 = async (body: Buffer | string, headers: OutgoingHttpHeaders, error: RegExp) => {
      const r = await send(mlp.url, INFER, body, headers);
      expect(r.status, r.body.toString()).toBe(400);
      expect(json(r).error).toMatch(error);
    };
    // binary_data_size without Inference-Header-Content-Length.
    await expect400(
      JSON.stringify(x(48)),
      JSON_TYPE,
      /^INVALID_REQUEST: Input "x" has binary_data_size but the request has no Inference-Header-Content-Length/,
    );
    const whole = binaryBody(x(48), [bytesOf(x32)]);
    await expect400(whole.body, JSON_TYPE, /^INVALID_REQUEST: The request body is not valid JSON/);
    // The header's length past the body, not a number, negative, or cutting the JSON short.
    await expect400(
      whole.body,
      binaryHeaders(whole.body.length + 1),
      /^INVALID_REQUEST: Inference-Header-Content-Length is \d+, but the body has \d+ bytes/,
    );
    await expect400(whole.body, binaryHeaders('abc'), /^INVALID_REQUEST: Inference-Header-Content-Length is NaN/);
    await expect400(whole.body, binaryHeaders(-1), /^INVALID_REQUEST: Inference-Header-Content-Length is -1/);
    await expect400(whole.body, binaryHeaders(whole.headerLength - 3), /^INVALID_REQUEST: The request body is not valid JSON/);
    // Sizes that do not add up: more declared than follows, bytes left over.
    const short = binaryBody(x(48), [bytesOf(x32).subarray(0, 40)]);
    await expect400(
      short.body,
      binaryHeaders(short.headerLength),
      /^INVALID_REQUEST: Input "x" declares binary_data_size 48, but only 40 bytes follow/,
    );
    const over = binaryBody(x(48), [bytesOf(x32), new Uint8Array(4)]);
    await expect400(
      over.body,
      binaryHeaders(over.headerLength),
      /^INVALID_REQUEST: 4 bytes follow the last binary input; binary_data_size does not add up/,
    );
    // Bytes that add up but do not fit the shape.
    const misfit = binaryBody(x(44), [bytesOf(x32).subarray(0, 44)]);
    await expect400(
      misfit.body,
      binaryHeaders(misfit.headerLength),
      /^INPUT_SIZE_MISMATCH: Input "x" has 44 bytes of FP32; shape \[3, 4\] takes 48/,
    );
    // The same on the codec thread (a body past 128 KiB).
    const big = new Uint8Array(40_000 * 16);
    const bigShort = binaryBody(x(big.length + 4, [40_000, 4]), [big]);
    await expect400(
      bigShort.body,
      binaryHeaders(bigShort.headerLength),
      /^INVALID_REQUEST: Input "x" declares binary_data_size 640004, but only 640000 bytes follow/,
    );
    // An input with neither data nor binary_data_size.
    await expect400(
      JSON.stringify({ inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32' }] }),
      JSON_TYPE,
      /^(INVALID_REQUEST|INVALID_TENSOR): .*"?data"?/,
    );
    // A header with nothing binary after it is a plain JSON request.
    const plain = Buffer.from(JSON.stringify({ inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: X }] }));
    const ok = await send(mlp.url, INFER, plain, binaryHeaders(plain.length));
    expect(ok.status).toBe(200);
    expect(json(ok)).toEqual(jsonAnswer);
  });

  it('BYTES cut short or of the wrong count → 400', async () => {
    const s = (size: number, shape = [2]) => ({
      inputs: [
        { name: 'i', shape: [1], datatype: 'INT64', data: [1] },
        { name: 's', shape, datatype: 'BYTES', parameters: { binary_data_size: size } },
      ],
    });
    const one = Buffer.from([3, 0, 0, 0, 0x61, 0x62, 0x63]);
    const post = (header: unknown, raw: Buffer) => {
      const { body, headerLength } = binaryBody(header, [raw]);
      return send(ids.url, '/v2/models/ids/infer', body, binaryHeaders(headerLength));
    };
    const cut = await post(s(6), one.subarray(0, 6));
    expect(cut.status).toBe(400);
    expect(json(cut).error).toMatch(/^INVALID_TENSOR: Input "s": a BYTES item of 3 bytes is cut short/);
    const count = await post(s(7), one);
    expect(count.status).toBe(400);
    expect(json(count).error).toMatch(/^INPUT_SIZE_MISMATCH: Input "s" has 1 BYTES items for shape \[2\]/);
  });
});
