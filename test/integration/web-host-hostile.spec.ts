// The web host listens on a port anything on this machine can reach, so it is probed as an attacker
// would: raw frames and requests no browser sends. Each may cost its own connection, never the
// studio: after every one, a normal client still gets answers.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebHost } from '../../host/web-host';
import { openSocket, startTestHost } from './contract-adapters';

let dir: string;
let host: WebHost;
// Alone, the studio exits on an uncaught error. Here the host shares vitest's process, whose own
// handler reports such errors but keeps it alive, so each test collects them itself and fails.
const uncaught: unknown[] = [];
const collect = (err: unknown) => void uncaught.push(err);

beforeEach(async () => {
  process.on('uncaughtException', collect);
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-hostile-'));
  host = await startTestHost({ dataDir: dir });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
  process.off('uncaughtException', collect);
  expect(uncaught.splice(0).map(String), 'uncaught errors: the studio process would have exited').toEqual([]);
});

/** Writes raw bytes and collects everything the host sends until it closes the connection. */
function rawExchange(bytes: string | Buffer, opts: { reset?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(host.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(bytes);
    if (opts.reset) socket.resetAndDestroy();
  });
}

function upgradeRequest(target = `/ws?token=${host.token}`): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
  );
}

/**
 * One frame as RFC 6455 lays it out; `declared` overrides the length field (the payload sent is
 * still `payload`), so a header can promise more than follows.
 */
function frame(first: number, payload: Buffer, opts: { masked?: boolean; declared?: number } = {}): Buffer {
  const masked = opts.masked ?? true;
  const length = opts.declared ?? payload.length;
  const maskBit = masked ? 0x80 : 0;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, maskBit | length]);
  else if (length < 0x10000) header = Buffer.from([first, maskBit | 126, length >> 8, length & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  return Buffer.concat([header, mask, payload.map((b, i) => b ^ mask[i % 4]!)]);
}

/** Upgrades by hand, writes the frame, and returns the host's handshake answer and close code (undefined: none). */
async function sendHostileFrame(bytes: Buffer): Promise<{ handshake: string; code: number | undefined }> {
  const socket = net.connect(host.port, '127.0.0.1');
  let received = Buffer.alloc(0);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  // A host that neither answers nor closes fails the test here instead of at the test timeout.
  socket.setTimeout(5000, () => socket.destroy());
  socket.on('data', (d: Buffer) => {
    const wasUpgraded = received.includes('\r\n\r\n');
    received = Buffer.concat([received, d]);
    if (!wasUpgraded && received.includes('\r\n\r\n')) socket.write(bytes);
  });
  socket.write(upgradeRequest());
  await closed;
  const end = received.indexOf('\r\n\r\n');
  return { handshake: received.subarray(0, end).toString('latin1'), code: closeCode(received.subarray(end + 4)) };
}

/** The status code of the first close frame among the host's (unmasked) frames. */
function closeCode(frames: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= frames.length) {
    const opcode = frames[at]! & 0x0f;
    let length = frames[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = frames.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(frames.readBigUInt64BE(start));
      start += 8;
    }
    if (opcode === 0x8) return length >= 2 ? frames.readUInt16BE(start) : undefined;
    at = start + length;
  }
  return undefined;
}

function request(p: string, method = 'GET', body?: Buffer) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: p, method }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The studio still serves: a contract call over a fresh WebSocket, and the page. */
async function expectStillServing(): Promise<void> {
  const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  const result = await new Promise<{ ok: boolean; value?: unknown }>((resolve) => {
    ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()).result));
    ws.send(JSON.stringify({ id: 1, call: 'app.info', input: {} }));
  });
  expect(result).toMatchObject({ ok: true, value: { transport: 'web' } });
  ws.close();
  expect((await request(`/?token=${host.token}`)).status).toBe(200);
}

const MiB = 1024 * 1024;
const text = (s: string) => Buffer.from(s);

describe('web host under hostile frames', () => {
  // 0x81 = FIN + text, 0x82 = FIN + binary, 0xc1 = FIN + RSV1 + text, 0x83 = FIN + opcode 3, 0x89 = FIN + ping.
  it.each([
    { fault: 'an unmasked client frame', bytes: frame(0x81, text('hi'), { masked: false }), code: 1002 },
    { fault: 'a reserved opcode (0x3)', bytes: frame(0x83, text('x')), code: 1002 },
    { fault: 'a text frame that is not UTF-8', bytes: frame(0x81, Buffer.from([0xc3, 0x28, 0xff, 0xfe])), code: 1007 },
    { fault: 'RSV1 set with no extension agreed', bytes: frame(0xc1, text('{}')), code: 1002 },
    { fault: 'a ping with a 200-byte payload (control frames stop at 125)', bytes: frame(0x89, Buffer.alloc(200, 1)), code: 1002 },
  ])('closes the connection on $fault with $code, and serves the others', async ({ bytes, code }) => {
    const answer = await sendHostileFrame(bytes);
    expect(answer.handshake).toMatch(/^HTTP\/1\.1 101 /);
    expect(answer.code).toBe(code);
    await expectStillServing();
  });

  it('refuses a header that declares 300 MiB with 1009 before any payload arrives', async () => {
    // Only the 14-byte header is sent: a close means the host judged the declared length, not bytes it buffered.
    const before = process.memoryUsage().arrayBuffers;
    expect((await sendHostileFrame(frame(0x82, Buffer.alloc(0), { declared: 300 * MiB }))).code).toBe(1009);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MiB);
    await expectStillServing();
  });
});

describe('web host under hostile requests', () => {
  it('answers a garbage request line with 400', async () => {
    expect((await rawExchange('GARBAGE\r\n\r\n')).toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);
    await expectStillServing();
  });

  it('answers a WebSocket handshake without a key with 400', async () => {
    const request = upgradeRequest().replace(/Sec-WebSocket-Key: .*\r\n/, '');
    expect((await rawExchange(request)).toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);
    await expectStillServing();
  });

  it('answers an upgrade whose URL does not parse with 400', async () => {
    // `//` reads as a URL with an empty host.
    expect((await rawExchange(upgradeRequest('//'))).toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);
    await expectStillServing();
  });

  it('survives a peer that resets the connection while being refused', async () => {
    for (let i = 0; i < 5; i++) await rawExchange(upgradeRequest('/ws?token=wrong'), { reset: true }).catch(() => {});
    await expectStillServing();
  });

  it.each([
    ['a cut-off UTF-8 escape in a static path', (t: string) => `/%E0%A4%A?token=${t}`],
    ['a stray % in a static path', (t: string) => `/assets/%ZZ.js?token=${t}`],
    ['a stray % in a download id', (t: string) => `/api/download/%ZZ?token=${t}`],
    ['a URL that does not parse (`//`)', (t: string) => `//?token=${t}`],
  ])('answers %s with 400 JSON', async (_, target) => {
    const r = await request(target(host.token));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    await expectStillServing();
  });

  it('answers a cut-off UTF-8 escape in an upload name with 400, where it once stored a name with U+FFFD', async () => {
    const r = await request(`/api/upload?token=${host.token}&name=%E0%A4%A.onnx`, 'POST', Buffer.from('x'));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/percent/) } });
  });
});
