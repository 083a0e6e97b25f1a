// The inference server under real load and hostile traffic (issue 14). Admission before the body:
// too many requests or body bytes in flight → 503 + Retry-After, a body over the limit → 413, both
// answered while the client is still sending and drained, never reset; a client that leaves
// mid-upload gives its bytes back. Memory stays under MODELCRATE_MEMORY_LIMIT with concurrent large
// bodies (the real dist/server.mjs, its peak RSS from /proc); health probes keep answering while a
// 40 MB JSON body is decoded (the binary tensor extension: server-binary.spec.ts). A malformed
// percent-encoding in a URL. Raw node:http and node:net clients: a reset must surface as
// ECONNRESET/EPIPE, not be retried away or hidden by fetch.
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { packMlpBundle } from '../bench/children/server-bundle';
import { serverProcesses } from '../fixtures/server-process';
import { suiteDir } from '../fixtures/tmp';
import {
  type Answer,
  INFER,
  JSON_TYPE,
  MiB,
  exchange,
  floatBody,
  json,
  keepAlive,
  metric,
  paddedBody,
  peakRssMiB,
  send,
  until,
  writeUntilAnswered,
} from '../fixtures/http-exchange';

afterAll(() => keepAlive.destroy());

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
