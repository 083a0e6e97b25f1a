// The two transports the contract runs over, as test adapters: Electron IPC (the real wrapper,
// registered on a captured ipcMain since no Electron binary runs here) and the real WebSocket host.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import type { IpcMain } from 'electron';
import type { Result } from '../../shared/errors';
import { registerIpc } from '../../electron/main/ipc';
import { createStudio, type StudioOptions } from '../../electron/services/studio';
import { startWebHost, type WebHost } from '../../electron/host/web-host';

export interface Connected {
  call(name: string, input?: unknown): Promise<Result<unknown>>;
  close(): Promise<void>;
}

export interface Adapter {
  name: 'ipc' | 'web';
  connect(opts: Omit<StudioOptions, 'transport'>): Promise<Connected>;
}

type InvokeHandler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<Result<unknown>>;

export function captureIpc(opts: Omit<StudioOptions, 'transport'>): { invoke: InvokeHandler; channels: string[] } {
  const handlers = new Map<string, InvokeHandler>();
  const fakeIpcMain = { handle: (channel: string, fn: InvokeHandler) => void handlers.set(channel, fn) } as unknown as Pick<IpcMain, 'handle'>;
  registerIpc(fakeIpcMain, createStudio({ ...opts, transport: 'ipc' }).handlers);
  const invoke = handlers.get('modelcrate:call');
  if (!invoke) throw new Error('registerIpc registered no call channel');
  return { invoke, channels: [...handlers.keys()] };
}

export const ipcAdapter: Adapter = {
  name: 'ipc',
  async connect(opts) {
    const { invoke } = captureIpc(opts);
    const frame = { senderFrame: { url: 'app://studio/index.html' } };
    return { call: (name, input) => invoke(frame, name, input), close: async () => {} };
  },
};

export async function startTestHost(opts: Omit<StudioOptions, 'transport'>): Promise<WebHost> {
  const rendererDir = path.join(opts.dataDir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  return startWebHost({ studio: createStudio({ ...opts, transport: 'web' }), rendererDir, port: 0 });
}

export async function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return ws;
}

export const webAdapter: Adapter = {
  name: 'web',
  async connect(opts) {
    const host = await startTestHost(opts);
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    let next = 1;
    const pending = new Map<number, (r: Result<unknown>) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: Result<unknown> };
      if (msg.id !== undefined && msg.result) pending.get(msg.id)?.(msg.result);
    });
    return {
      call: (name, input) =>
        new Promise((resolve) => {
          const id = next++;
          pending.set(id, resolve);
          ws.send(JSON.stringify({ id, call: name, input }));
        }),
      close: async () => {
        ws.close();
        await host.close();
      },
    };
  },
};
