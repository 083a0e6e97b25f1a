// The server's start, limits and stop: a tampered bundle is refused (startServer rejects; the
// bundled server exits 1 with one JSON line naming the file); a failing self-test leaves it live
// but never ready; a full queue answers 503, a large body 413; SIGTERM lets an in-flight request
// finish, refuses new connections and exits 0 (the real dist/server.mjs in a child process).
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { startServer } from '../../server/server';
import { packMlpBundle } from '../bench/children/server-bundle';
import { serverProcesses } from '../fixtures/server-process';
import { suiteDir } from '../fixtures/tmp';

describe('inference server lifecycle', () => {
  const dir = suiteDir('server-life');
  let pristine: string;
  let n = 0;

  beforeAll(async () => {
    pristine = (await packMlpBundle(dir)).bundle;
  });

  function copy(edit: (root: string) => void): string {
    const root = join(dir, `case-${n++}`);
    cpSync(pristine, root, { recursive: true });
    edit(root);
    return root;
  }

  const spawnServer = serverProcesses();

  it('a tampered bundle is refused: startServer rejects naming the file; server.mjs exits 1 with one JSON line', async () => {
    const root = copy((r) => {
      const f = join(r, 'model/mlp.onnx');
      const b = readFileSync(f);
      const at = b.length >> 1;
      b[at] = b[at]! ^ 1;
      writeFileSync(f, b);
    });
    await expect(startServer({ bundle: root, port: 0, logger: silentLogger })).rejects.toMatchObject({
      code: 'BUNDLE_TAMPERED',
      message: expect.stringContaining('"model/mlp.onnx" does not match its sha256'),
    });
    const s = spawnServer(root);
    expect(await s.exit).toBe(1);
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]).toMatchObject({ level: 'error', code: 'BUNDLE_TAMPERED', error: expect.stringContaining('model/mlp.onnx') });
  });

  it('a sample that no longer reproduces: live, never ready (503 with the reason), infer 503', async () => {
    const root = copy((r) => {
      const rel = 'samples/first.json';
      const sample = JSON.parse(readFileSync(join(r, rel), 'utf8'));
      sample.outputs.y.data[0] += 0.5;
      const bytes = Buffer.from(JSON.stringify(sample));
      writeFileSync(join(r, rel), bytes);
      // Redo its digest as a forger would, so only the self-test can catch it.
      const m = JSON.parse(readFileSync(join(r, 'modelcrate.json'), 'utf8'));
      Object.assign(
        m.files.find((f: { path: string }) => f.path === rel),
        { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
      );
      writeFileSync(join(r, 'modelcrate.json'), JSON.stringify(m));
    });
    const server = await startServer({ bundle: root, port: 0, host: '127.0.0.1', logger: silentLogger });
    try {
      expect(await server.ready).toBe(false);
      expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
      const ready = await fetch(`${server.url}/v2/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        ready: false,
        phase: 'failed',
        error: expect.stringMatching(/^SAMPLE_MISMATCH: Sample "first", output "y", element 0/),
      });
      expect((await fetch(`${server.url}/v2/models/mlp/ready`)).status).toBe(503);
      const infer = await fetch(`${server.url}/v2/models/mlp/infer`, {
        method: 'POST',
        body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }),
      });
      expect(infer.status).toBe(503);
      expect(((await infer.json()) as { error: string }).error).toMatch(/self-test failed \(SAMPLE_MISMATCH/);
    } finally {
      await server.close();
    }
  });

  it('more requests than the queue holds → 503 with Retry-After; a body over the limit → 413', async () => {
    const server = await startServer({
      bundle: pristine,
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      maxQueue: 0,
      maxBodyBytes: 4 << 20,
    });
    try {
      expect(await server.ready).toBe(true);
      const url = `${server.url}/v2/models/mlp/infer`;
      const rows = 20_000;
      const body = JSON.stringify({
        inputs: [{ name: 'x', shape: [rows, 4], datatype: 'FP32', data: Array.from({ length: rows * 4 }, (_, i) => (i % 7) - 3) }],
      });
      const statuses = await Promise.all(
        Array.from({ length: 16 }, async () => {
          const r = await fetch(url, { method: 'POST', body });
          const json = (await r.json()) as { error?: string };
          if (r.status === 503) {
            expect(json.error).toMatch(/^SERVER_BUSY: The server is busy: 1 requests are already in flight \(the limit is 1\)/);
            expect(r.headers.get('retry-after')).toBe('1');
          }
          return r.status;
        }),
      );
      expect(statuses).toContain(503);
      expect(statuses).toContain(200);
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
      const big = await fetch(url, { method: 'POST', body: 'x'.repeat((4 << 20) + 1) });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: string }).error).toMatch(
        /^TOO_LARGE: The request body is larger than the server's limit of 4194304 bytes/,
      );
    } finally {
      await server.close();
    }
  });

  it('SIGTERM: the in-flight request finishes, new connections are refused, the runtime stops, exit 0', async () => {
    const s = spawnServer(pristine);
    const url = new URL(await s.listening);
    while ((await fetch(`${url.origin}/v2/health/ready`)).status !== 200) await new Promise((r) => setTimeout(r, 20));
    const body = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] });
    // Half the body now, the rest after the signal: the request is in flight across the SIGTERM.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/v2/models/mlp/infer',
          method: 'POST',
          headers: { 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        s.child.kill('SIGTERM');
        setTimeout(async () => {
          await expect(fetch(`${url.origin}/v2/health/live`)).rejects.toThrow();
          req.end(body.slice(20));
        }, 300);
      }, 100);
    });
    const r = await answer;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).outputs[0].shape).toEqual([1, 3]);
    expect(await s.exit).toBe(0);
    expect(s.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['ready', 'signal', 'shutting down', 'stopped']));
    expect(s.lines.find((l) => l.msg === 'shutting down')).toMatchObject({ inFlight: 1 });
  });
});
