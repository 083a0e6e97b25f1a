// The inference server under real load and hostile traffic (issue 14). Admission before the body:
// too many requests or body bytes in flight → 503 + Retry-After, a body over the limit → 413, both
// answered while the client is still sending and drained, never reset; a client that leaves
// mid-upload gives its bytes back. Memory stays under MODELCRATE_MEMORY_LIMIT with concurrent large
// bodies (the real dist/server.mjs, its peak RSS from /proc); health probes keep answering while a
// 40 MB JSON body is decoded. The binary tensor extension, in and out, and its errors. A malformed
// percent-encoding in a URL. Raw node:http and node:net clients: a reset must surface as
// ECONNRESET/EPIPE, not be retried away or hidden by fetch.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request, type ClientRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { packMlpBundle } from '../bench/children/server-bundle';
import { vi, writeModel } from '../fixtures/onnx-writer';
import { serverProcesses } from '../fixtures/server-process';
import { suiteDir } from '../fixtures/tmp';

const MiB = 2 ** 20;
const INFER = '/v2/models/mlp/infer';
const JSON_TYPE = { 'content-type': 'application/json' };

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
const json = (a: Answer): any => JSON.parse(a.body.toString('utf8'));

interface Exchange {
  req: ClientRequest;
  /** The whole answer; rejects on a socket error (a reset, a broken pipe). */
  answer: Promise<Answer>;
  /** True once the response's status line and headers arrived. */
  answered(): boolean;
  /** Socket errors seen at any time, also after the answer. */
  errors: string[];
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: Infinity });
afterAll(() => keepAlive.destroy());

/** A request whose body the test writes itself (or not): headers go out at once. */
function exchange(base: string, path: string, headers: OutgoingHttpHeaders = {}, method = 'POST'): Exchange {
  const u = new URL(base);
  const errors: string[] = [];
  let answered = false;
  const req = request({ host: u.hostname, port: u.port, path, method, headers, agent: keepAlive });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      errors.push(e.code ?? e.message);
      reject(e);
    });
  });
  answer.catch(() => {});
  req.flushHeaders();
  return { req, answer, answered: () => answered, errors };
}

/** One request with a Content-Length body. */
function send(base: string, path: string, body: Buffer | string, headers: OutgoingHttpHeaders = JSON_TYPE): Promise<Answer> {
  const ex = exchange(base, path, { ...headers, 'content-length': Buffer.byteLength(body) });
  ex.req.end(body);
  return ex.answer;
}

/** Writes `chunk` again and again (at most `total` bytes) until the response arrives; the bytes written. */
async function writeUntilAnswered(ex: Exchange, total: number, chunk = Buffer.alloc(64 << 10, 0x20)): Promise<number> {
  let written = 0;
  while (written < total && !ex.answered() && ex.errors.length === 0) {
    const part = chunk.subarray(0, Math.min(chunk.length, total - written));
    written += part.length;
    if (!ex.req.write(part)) await Promise.race([once(ex.req, 'drain'), ex.answer]).catch(() => {});
    // Lets the response in between writes the socket took at once.
    await new Promise((r) => setImmediate(r));
  }
  return written;
}

/** Polls `check` until it holds (state, not time: the deadline only turns a hang into a failure). */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A sample's value in /metrics (the line `name value`, labels included in `name`). */
async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.slice(name.length + 1));
}

/** A valid small infer body padded with trailing whitespace (JSON allows it) to exactly `bytes`. */
function paddedBody(bytes: number): Buffer {
  const text = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] });
  return Buffer.from(text.padEnd(bytes, ' '));
}

/**
 * An mlp infer body of about `bytes` (never more) of FP32 values as a Python client writes them:
 * `json.dumps(x.tolist())` of a float32 array, rows as nested lists and each value printed as the
 * double it widens to (0.30000001192092896).
 */
function floatBody(bytes: number): { body: Buffer; rows: number } {
  let seed = 12345;
  const next = () => Math.fround(((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1);
  const head = '{"inputs":[{"name":"x","shape":[';
  const tail = ']}]}';
  const values: string[] = [];
  let size = head.length + tail.length + 40;
  for (;;) {
    const row = `[${next()},${next()},${next()},${next()}]`;
    if (size + row.length + 1 > bytes) break;
    values.push(row);
    size += row.length + 1;
  }
  const rows = values.length;
  return { body: Buffer.from(`${head}${rows},4],"datatype":"FP32","data":[${values.join(',')}${tail}`), rows };
}

function peakRssMiB(pid: number): number {
  const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kib) / 1024;
}

describe('dist/server.mjs under concurrent large bodies and probes', () => {
  const dir = suiteDir('server-load');
  const spawnServer = serverProcesses();
  let bundle: string;
  beforeAll(async () => {
    ({ bundle } = await packMlpBundle(dir));
  });

  async function started(env: Record<string, string>) {
    const s = spawnServer(bundle, env);
    const url = await s.listening;
    await until('"ready" in the log', () => s.lines.some((l) => l.msg === 'ready'));
    return { s, url };
  }

  it('MODELCRATE_MEMORY_LIMIT=512Mi, 8 concurrent FP32 bodies of a third of the budget each: 200 or 503 + Retry-After (never a reset), peak RSS under 512 MiB', async () => {
    const { s, url } = await started({ MODELCRATE_MEMORY_LIMIT: '512Mi' });
    try {
      const settings = s.lines.find((l) => l.msg === 'load settings');
      const budget = Number(settings?.bodyBudgetBytes ?? 80 * MiB);
      // ~25 MiB each: three fill the budget (as many as admission lets in at once), the rest are refused.
      const { body, rows } = floatBody(Math.floor(budget / 3));
      const settled = await Promise.allSettled(Array.from({ length: 8 }, () => send(url, INFER, body)));
      const peak = peakRssMiB(s.child.pid!);

      const failures = settled.flatMap((r) =>
        r.status === 'rejected' ? [String((r.reason as NodeJS.ErrnoException).code ?? r.reason)] : [],
      );
      expect(failures, 'socket errors').toEqual([]);
      const answers = settled.map((r) => (r as PromiseFulfilledResult<Answer>).value);
      expect(answers.map((a) => a.status).filter((st) => st !== 200 && st !== 503)).toEqual([]);
      const busy = answers.filter((a) => a.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      for (const a of busy) {
        expect(a.headers['retry-after']).toBe('1');
        expect(json(a).error).toMatch(/^SERVER_BUSY: The server is busy: .* of request bodies are in flight \(the memory budget is /);
      }
      const ok = answers.filter((a) => a.status === 200);
      expect(ok.length).toBeGreaterThan(0);
      const out = json(ok[0]!).outputs;
      expect(out).toHaveLength(1);
      expect(out[0]).toMatchObject({ name: 'y', datatype: 'FP32', shape: [rows, 3] });
      expect(out[0].data).toHaveLength(rows * 3);

      // The point of the budget: the process stays inside the memory it was given.
      expect
        .soft(peak, `peak RSS (VmHWM) ${peak.toFixed(0)} MiB with ${ok.length} bodies of ${(body.length / MiB).toFixed(1)} MiB admitted`)
        .toBeLessThan(512);

      expect(settings).toMatchObject({ memoryLimitBytes: 512 * MiB, memoryLimitFrom: 'setting' });
      // (0.8 × limit − working set) / 4, never below 64 MiB.
      expect(budget).toBeGreaterThanOrEqual(64 * MiB);
      expect(budget).toBeLessThanOrEqual((512 * MiB * 0.8) / 4);
      expect(await metric(url, 'modelcrate_body_bytes_budget')).toBe(budget);
      expect(await metric(url, 'modelcrate_body_bytes_in_flight')).toBe(0);
      expect(await metric(url, 'modelcrate_requests_total{route="/v2/models/{name}/infer",method="POST",status="503"}')).toBe(busy.length);
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  it('/v2/health/live answers within 250 ms, probe after probe, while a 40 MB JSON body is decoded, run and answered', async () => {
    const { s, url } = await started({});
    try {
      const { body, rows } = floatBody(40e6);
      const u = new URL(url);
      const probe = () =>
        new Promise<{ status: number; ms: number }>((resolve, reject) => {
          const t = performance.now();
          // A new connection each, as the kubelet probes.
          request({ host: u.hostname, port: u.port, path: '/v2/health/live', agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - t }));
          })
            .on('error', reject)
            .end();
        });
      const ex = exchange(url, INFER, { ...JSON_TYPE, 'content-length': body.length });
      await new Promise<void>((resolve) => ex.req.end(body, resolve));
      const probes: Array<{ status: number; ms: number }> = [];
      while (!ex.answered()) probes.push(await probe());
      const a = await ex.answer;
      expect(a.status).toBe(200);
      expect(json(a).outputs[0].shape).toEqual([rows, 3]);
      expect(probes.length).toBeGreaterThanOrEqual(5);
      expect(probes.filter((p) => p.status !== 200)).toEqual([]);
      const slowest = Math.max(...probes.map((p) => p.ms));
      expect(slowest, `slowest of ${probes.length} probes: ${slowest.toFixed(0)} ms`).toBeLessThan(250);
    } finally {
      s.child.kill('SIGKILL');
    }
  });
});

describe('admission before the body (maxBodyBytes 4 MiB, memoryBudget 2 MiB)', () => {
  const dir = suiteDir('server-admit');
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    const { bundle } = await packMlpBundle(dir);
    server = await startServer({ bundle, port: 0, host: '127.0.0.1', logger: silentLogger, maxBodyBytes: 4 * MiB, memoryBudget: 2 * MiB });
    expect(await server.ready).toBe(true);
    url = server.url;
  });
  afterAll(() => server?.close());

  const bytesInFlight = () => metric(url, 'modelcrate_body_bytes_in_flight');

  it('a chunked body past the 4 MiB limit → 413 TOO_LARGE while the client is still sending, then drained: no reset', async () => {
    const ex = exchange(url, INFER, JSON_TYPE); // no Content-Length: chunked
    const written = await writeUntilAnswered(ex, 16 * MiB);
    ex.req.end();
    const a = await ex.answer;
    expect(ex.errors).toEqual([]);
    expect(a.status).toBe(413);
    expect(json(a).error).toMatch(/^TOO_LARGE: The request body is larger than the server's limit of 4194304 bytes/);
    // Answered once the limit was passed, not after all 16 MiB.
    expect(written).toBeGreaterThan(4 * MiB);
    expect(written).toBeLessThan(16 * MiB);
    expect(await bytesInFlight()).toBe(0);
  });

  it('Content-Length past the limit → 413 before one byte of the body is sent; the client may still send it all: no reset', async () => {
    const ex = exchange(url, INFER, { ...JSON_TYPE, 'content-length': 4 * MiB + 1 });
    await until('the 413', () => ex.answered());
    // Nothing of the body was written yet: the server decided from the headers.
    const rest = Buffer.alloc(4 * MiB + 1, 0x20);
    ex.req.end(rest);
    const a = await ex.answer;
    expect(a.status).toBe(413);
    expect(json(a).error).toMatch(/^TOO_LARGE: /);
    await new Promise<void>((resolve) => (ex.req.writableFinished ? resolve() : ex.req.once('finish', () => resolve())));
    expect(ex.errors).toEqual([]);
    // The connection is still good for the next request (keep-alive, the unread body drained).
    expect((await send(url, INFER, paddedBody(100))).status).toBe(200);
  });

  it('a chunked body that passes the budget while another request holds it → 503 SERVER_BUSY + Retry-After; the holder then gets its 200', async () => {
    const holder = exchange(url, INFER, { ...JSON_TYPE, 'content-length': 1.5 * MiB });
    const holderBody = paddedBody(1.5 * MiB);
    holder.req.write(holderBody.subarray(0, 64 << 10));
    await until('the holder admitted', async () => (await bytesInFlight()) === 1.5 * MiB);

    const ex = exchange(url, INFER, JSON_TYPE);
    const written = await writeUntilAnswered(ex, 4 * MiB);
    ex.req.end();
    const a = await ex.answer;
    expect(ex.errors).toEqual([]);
    expect(a.status).toBe(503);
    expect(a.headers['retry-after']).toBe('1');
    expect(json(a).error).toMatch(/^SERVER_BUSY: The server is busy: .* of request bodies are in flight \(the memory budget is 2 MiB\)/);
    expect(written).toBeGreaterThan(0.5 * MiB);
    expect(written).toBeLessThan(4 * MiB);
    expect(holder.answered()).toBe(false);

    holder.req.end(holderBody.subarray(64 << 10));
    const h = await holder.answer;
    expect(h.status).toBe(200);
    expect(json(h).outputs[0].shape).toEqual([1, 3]);
    expect(await bytesInFlight()).toBe(0);
  });

  it('a client that goes away mid-upload gives its bytes back to the budget (Content-Length and chunked)', async () => {
    const declared = exchange(url, INFER, { ...JSON_TYPE, 'content-length': 1.5 * MiB });
    declared.req.write(Buffer.alloc(64 << 10, 0x20));
    const chunked = exchange(url, INFER, JSON_TYPE);
    chunked.req.write(Buffer.alloc(256 << 10, 0x20));
    await until('both admitted', async () => (await bytesInFlight()) === 1.5 * MiB + (256 << 10));
    declared.req.destroy();
    chunked.req.destroy();
    await until('the budget back to 0', async () => (await bytesInFlight()) === 0, 5_000);
    expect(await metric(url, 'modelcrate_requests_in_flight')).toBe(1); // this scrape
    expect((await send(url, INFER, paddedBody(1.9 * MiB))).status).toBe(200);
  });

  it('a client that says Connection: close (Python urllib does) and writes its whole body first reads its 413, not a broken pipe', async () => {
    const u = new URL(url);
    const sock = connect(Number(u.port), u.hostname);
    await once(sock, 'connect');
    let text = '';
    let error: string | null = null;
    sock.on('data', (d: Buffer) => (text += d.toString('latin1')));
    sock.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    const closed = once(sock, 'close');
    const total = 8 * MiB;
    sock.write(
      `POST ${INFER} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 << 10, 0x20);
    for (let sent = 0; sent < total && error === null && !sock.destroyed; sent += chunk.length)
      if (!sock.write(chunk)) await Promise.race([once(sock, 'drain'), closed]).catch(() => {});
    sock.end();
    await closed;
    expect(error).toBeNull();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('TOO_LARGE');
  });

  it('a malformed percent-encoding in the model name → 404 naming it, never a 500', async () => {
    for (const path of ['/v2/models/%E0%A4%A/ready', '/v2/models/%/versions/%zz/ready', '/v2/models/%E0%A4%A']) {
      const r = await fetch(`${url}${path}`);
      expect(r.status, path).toBe(404);
      expect(((await r.json()) as { error: string }).error).toMatch(/is not served here/);
    }
    const r = await send(url, '/v2/models/%E0%A4%A/infer', paddedBody(100));
    expect(r.status).toBe(404);
    expect((await fetch(`${url}/v2/health/live`)).status).toBe(200);
  });
});

describe('admission by count (maxQueue 0)', () => {
  const dir = suiteDir('server-count');
  let server: RunningServer;
  beforeAll(async () => {
    const { bundle } = await packMlpBundle(dir);
    server = await startServer({ bundle, port: 0, host: '127.0.0.1', logger: silentLogger, maxQueue: 0 });
    expect(await server.ready).toBe(true);
  });
  afterAll(() => server?.close());

  it('while a slow upload is in flight, a small request gets 503 + Retry-After at once; the slow one then finishes 200', async () => {
    const url = server.url;
    const slowBody = paddedBody(MiB);
    const slow = exchange(url, INFER, { ...JSON_TYPE, 'content-length': slowBody.length });
    slow.req.write(slowBody.subarray(0, 64 << 10));
    await until('the slow request admitted', async () => (await metric(url, 'modelcrate_body_bytes_in_flight')) === MiB);

    const small = await send(url, INFER, paddedBody(100));
    expect(small.status).toBe(503);
    expect(small.headers['retry-after']).toBe('1');
    expect(json(small).error).toMatch(/^SERVER_BUSY: The server is busy: 1 requests are already in flight \(the limit is 1\)/);
    expect(slow.answered()).toBe(false);

    slow.req.end(slowBody.subarray(64 << 10));
    const a = await slow.answer;
    expect(a.status).toBe(200);
    expect(json(a).outputs[0].shape).toEqual([1, 3]);
    expect((await send(url, INFER, paddedBody(100))).status).toBe(200);
  });
});

/** A binary-extension body: the JSON header (padded with spaces to `align` mod 4), then the raw parts. */
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
