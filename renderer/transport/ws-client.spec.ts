import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { utf8Length, WsClient, type ConnectionState } from './ws-client';

class FakeSocket {
  static all: FakeSocket[] = [];
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.onclose?.();
  }
  open() {
    this.onopen?.();
  }
  reply(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

const client = () =>
  new WsClient({
    url: 'ws://h/ws?token=t',
    createSocket: (u) => new FakeSocket(u) as unknown as WebSocket,
    initialBackoffMs: 100,
    maxBackoffMs: 400,
  });
const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;

describe('WsClient', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('queues calls until open, then matches answers by id', async () => {
    const c = client();
    c.connect();
    const p = c.call('recent.list', {});
    expect(last().sent).toEqual([]);
    last().open();
    const req = JSON.parse(last().sent[0]!) as { id: number; call: string };
    expect(req.call).toBe('recent.list');
    last().reply({ id: req.id, result: { ok: true, value: [] } });
    await expect(p).resolves.toEqual([]);
  });

  it('rejects with the host error as an AppError', async () => {
    const c = client();
    c.connect();
    last().open();
    const p = c.call('model.openRecent', { recentId: 'abcdef' });
    const { id } = JSON.parse(last().sent[0]!) as { id: number };
    last().reply({ id, result: { ok: false, error: { code: 'FILE_NOT_FOUND', message: 'gone', hint: 'look' } } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'FILE_NOT_FOUND', message: 'gone', hint: 'look' });
  });

  it('delivers events to listeners across reconnects', () => {
    const c = client();
    const seen: string[] = [];
    c.on('model.opened', (m) => seen.push(m.fileName));
    c.connect();
    last().open();
    last().reply({ event: 'model.opened', payload: { fileName: 'a.onnx' } });
    last().close();
    vi.advanceTimersByTime(200);
    last().open();
    last().reply({ event: 'model.opened', payload: { fileName: 'b.onnx' } });
    expect(seen).toEqual(['a.onnx', 'b.onnx']);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('fails in-flight calls on disconnect, reports the state and backs off', async () => {
    const c = client();
    const states: ConnectionState[] = [];
    c.onConnection((s) => states.push(s));
    c.connect();
    last().open();
    const p = c.call('recent.list', {});
    last().close();
    await expect(p).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(c.connection).toMatchObject({ status: 'disconnected', failures: 1, everConnected: true });
    // While away, calls fail at once instead of hanging.
    await expect(c.call('recent.list', {})).rejects.toMatchObject({ code: 'IO_ERROR' });
    vi.advanceTimersByTime(130);
    expect(c.connection.status).toBe('connecting');
    last().close();
    expect(c.connection.failures).toBe(2);
    const waitMs = c.connection.retryAt! - Date.now();
    expect(waitMs).toBeGreaterThanOrEqual(160);
    expect(waitMs).toBeLessThanOrEqual(240);
    c.retryNow();
    last().open();
    expect(c.connection).toMatchObject({ status: 'connected', failures: 0 });
    expect(states.map((s) => s.status)).toEqual([
      'connecting',
      'connecting',
      'connected',
      'disconnected',
      'connecting',
      'disconnected',
      'connecting',
      'connected',
    ]);
  });

  it('refuses a request bigger than the host accepts, without sending it or dropping the connection', async () => {
    const c = new WsClient({ url: 'ws://h/ws', createSocket: (u) => new FakeSocket(u) as unknown as WebSocket, maxMessageBytes: 2000 });
    c.connect();
    last().open();
    const big = c.call('model.predict', { modelId: 'abcdef', inputs: { x: { shape: [600], data: new Array(600).fill(1.5) } } });
    await expect(big).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(/^The model\.predict request is .+ KB, more than the 2\.0 KB/),
    });
    expect(last().sent).toEqual([]);
    expect(c.connection.status).toBe('connected');
    // Multi-byte text counts in UTF-8 bytes: 700 × "é" is 1,400 bytes of the 2,000 allowed.
    const ok = c.call('model.openPath', { path: 'é'.repeat(700) });
    expect(last().sent).toHaveLength(1);
    last().reply({ id: (JSON.parse(last().sent[0]!) as { id: number }).id, result: { ok: true, value: null } });
    await expect(ok).resolves.toBeNull();
  });

  it('counts UTF-8 bytes: ASCII 1, é 2, € 3, emoji 4', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('a😀é')).toBe(new TextEncoder().encode('a😀é').length);
  });
});
