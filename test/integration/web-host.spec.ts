// The local web host is reachable by anything on this machine, so its guards are tested for real:
// token, Host, Origin, loopback binding, static files that cannot escape, uploads.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebHost } from '../../host/web-host';
import { floatTensor, vi as valueInfo, writeModel } from '../fixtures/onnx-writer';
import { openSocket, startTestHost } from './contract-adapters';

let dir: string;
let host: WebHost;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-host-'));
  host = await startTestHost({ dataDir: dir });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

/** Raw request so tests control Host/Origin/Cookie exactly (fetch forbids setting some). */
function request(p: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: p, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function wsCall(ws: import('ws').WebSocket, call: string, input: unknown) {
  return new Promise<{ ok: boolean; value?: any; error?: any }>((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString()).result));
    ws.send(JSON.stringify({ id: 1, call, input }));
  });
}

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a tokenised URL', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('requires the token, then keeps it in a port-scoped cookie for assets', async () => {
    expect((await request('/')).status).toBe(401);
    expect((await request('/?token=wrong')).status).toBe(401);
    const ok = await request(`/?token=${host.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(`modelcrate_${host.port}=${host.token}`);
    expect((await request('/index.html', { headers: { cookie } })).status).toBe(200);
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign Origins', async () => {
    expect((await request(`/?token=${host.token}`, { headers: { host: `evil.example:${host.port}` } })).status).toBe(403);
    expect((await request(`/?token=${host.token}`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow(
      /403/,
    );
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ws?token=nope`)).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ws`)).rejects.toThrow(/403/);
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
    expect(await wsCall(ws, 'app.info', {})).toMatchObject({ ok: true, value: { transport: 'web' } });
    ws.close();
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const r = await request(`${p}${p.includes('?') ? '&' : '?'}token=${host.token}`);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('root:');
    }
  });

  it('receives dropped files and opens them, external data beside the model', async () => {
    const src = path.join(dir, 'src');
    await import('node:fs/promises').then((fs) => fs.mkdir(src));
    const weights = Buffer.from(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer);
    await import('node:fs/promises').then((fs) => fs.writeFile(path.join(src, 'w.bin'), weights));
    const model = writeModel(path.join(src, 'ext.onnx'), {
      opsets: [{ version: 17 }],
      graph: {
        name: 'ext',
        inputs: [valueInfo('x', 'float32', [1, 4])],
        outputs: [valueInfo('y', 'float32', [1, 2])],
        initializers: [
          {
            ...floatTensor('w', [4, 2], []),
            floatData: undefined,
            external: { location: 'w.bin', offset: '0', length: String(weights.length) },
          },
        ],
        nodes: [{ opType: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
      },
    });
    const first = JSON.parse((await request(`/api/upload?token=${host.token}&name=w.bin`, { method: 'POST', body: weights })).body);
    expect(first).toMatchObject({ ok: true, value: { fileName: 'w.bin', bytes: 32 } });
    const uploadId = first.value.uploadId as string;
    const second = JSON.parse(
      (await request(`/api/upload?token=${host.token}&name=ext.onnx&uploadId=${uploadId}`, { method: 'POST', body: await readFile(model) }))
        .body,
    );
    expect(second).toMatchObject({ ok: true, value: { uploadId, fileName: 'ext.onnx' } });

    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    const opened = await wsCall(ws, 'model.openUpload', { uploadId, fileName: 'ext.onnx' });
    expect(opened).toMatchObject({ ok: true, value: { fileName: 'ext.onnx', displayPath: 'ext.onnx' } });
    expect(opened.value.summary.externalData).toEqual([{ location: 'w.bin', bytes: 32, fileBytes: 32 }]);
    // Uploaded copies are temporary: not offered as recent files.
    expect(await wsCall(ws, 'recent.list', {})).toEqual({ ok: true, value: [] });
    ws.close();
  });

  it('downloads a file the studio wrote (by id, with the token), nothing else', async () => {
    const model = writeModel(path.join(dir, 'dl.onnx'), {
      graph: {
        name: 'g',
        inputs: [valueInfo('x', 'float32', [1])],
        outputs: [valueInfo('y', 'float32', [1])],
        nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
      },
    });
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    const opened = await wsCall(ws, 'model.openPath', { path: model });
    const { metadata } = (await wsCall(ws, 'model.metadata', { modelId: opened.value.modelId })).value;
    const done = new Promise<any>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.event === 'job.event' && m.payload.kind === 'done') resolve(m.payload.result);
      }),
    );
    await wsCall(ws, 'model.saveMetadata', {
      modelId: opened.value.modelId,
      metadata: { ...metadata, license: 'MIT' },
      fileName: 'dl-mit.onnx',
    });
    const saved = await done;
    ws.close();
    const ok = await request(`/api/download/${saved.fileId}?token=${host.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-disposition']).toBe(`attachment; filename="dl-mit.onnx"; filename*=UTF-8''dl-mit.onnx`);
    expect(Number(ok.headers['content-length'])).toBe((await readFile(path.join(dir, 'dl-mit.onnx'))).length);
    expect((await request(`/api/download/${saved.fileId}`)).status).toBe(401);
    expect((await request(`/api/download/unknown-id-123?token=${host.token}`)).status).toBe(404);
    expect((await request(`/api/download/..%2F..%2Fetc%2Fpasswd?token=${host.token}`)).status).toBe(404);
  });

  it('closes the socket (1007) on a binary frame that does not decode, and stays up for others', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    // Header length 0x7fffffff: runs past the frame's end.
    ws.send(Buffer.from([0xff, 0xff, 0xff, 0x7f, 0x7b]));
    expect(await closed).toBe(1007);
    const again = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    expect(await wsCall(again, 'recent.list', {})).toEqual({ ok: true, value: [] });
    again.close();
  });

  it('refuses upload names with folders and unknown upload groups', async () => {
    const bad = await request(`/api/upload?token=${host.token}&name=..%2Fescape.onnx`, { method: 'POST', body: Buffer.from('x') });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const unknown = await request(`/api/upload?token=${host.token}&name=a.onnx&uploadId=doesnotexist`, {
      method: 'POST',
      body: Buffer.from('x'),
    });
    expect(unknown.status).toBe(400);
    expect((await request(`/api/upload?name=a.onnx`, { method: 'POST', body: Buffer.from('x') })).status).toBe(401);
  });
});
