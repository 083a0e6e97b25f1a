// The two transports the contract runs over, as test adapters: Electron IPC (the real wrapper,
// registered on a captured ipcMain since no Electron binary runs here) and the real WebSocket host.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import type { IpcMain, WebContents } from 'electron';
import { vi } from 'vitest';
import type { ErrorData, Result } from '../../shared/errors';
import type { JobEvent } from '../../shared/jobs';
import { decodeFrame, encodeFrame } from '../../shared/wire-frame';
import { registerIpc, sendEvent } from '../../electron/main/ipc';
import { EVENT_CHANNEL_PREFIX } from '../../electron/main/channels';
import { createStudio, type Studio, type StudioOptions } from '../../core/studio';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { startWebHost, type WebHost } from '../../host/web-host';

export interface ReceivedEvent {
  event: string;
  payload: unknown;
}

interface Transport {
  call(name: string, input?: unknown): Promise<Result<unknown>>;
  /** Every event this client received so far, in order. */
  events: ReceivedEvent[];
  close(): Promise<void>;
}

export interface Connected extends Transport {
  /** The call's value, or a throw naming the error's code and message. */
  value<T>(name: string, input?: unknown): Promise<T>;
  /** The job's done or failed event, once it arrives. */
  jobEnd(jobId: string, timeoutMs?: number): Promise<JobEnd>;
}

/** A job's last event: `result` when done, `error` when failed. */
export type JobEnd = { jobId: string; kind: 'done' | 'failed'; result?: unknown; error?: ErrorData };

/** The helpers every contract test wants, on top of either transport. */
function connected(t: Transport): Connected {
  return {
    ...t,
    async value<T>(name: string, input?: unknown): Promise<T> {
      const r = await t.call(name, input);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as T;
    },
    jobEnd: (jobId, timeoutMs = 60_000) =>
      vi.waitFor(
        () => {
          const end = t.events
            .map((e) => e.payload as JobEvent)
            .find((e) => e.jobId === jobId && (e.kind === 'done' || e.kind === 'failed'));
          if (!end) throw new Error('job still running');
          return end as JobEnd;
        },
        { timeout: timeoutMs, interval: 20 },
      ),
  };
}

/** Studio options for tests: the runtime defaults to a forked worker (dist/, built by the test setup). */
export type TestStudioOptions = Omit<StudioOptions, 'transport' | 'runtime'> & Partial<Pick<StudioOptions, 'runtime'>>;

export interface Adapter {
  name: 'ipc' | 'web';
  connect(opts: TestStudioOptions): Promise<Connected>;
}

type InvokeHandler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<Result<unknown>>;

/**
 * The real IPC wrapper on a captured ipcMain, and events through the real sendEvent to a fake
 * webContents, as electron/main/index.ts wires them.
 */
export function captureIpc(opts: TestStudioOptions): {
  invoke: InvokeHandler;
  channels: string[];
  studio: Studio;
  events: ReceivedEvent[];
} {
  const handlers = new Map<string, InvokeHandler>();
  const fakeIpcMain = { handle: (channel: string, fn: InvokeHandler) => void handlers.set(channel, fn) } as unknown as Pick<
    IpcMain,
    'handle'
  >;
  const events: ReceivedEvent[] = [];
  const webContents = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => events.push({ event: channel.slice(EVENT_CHANNEL_PREFIX.length), payload }),
  } as unknown as WebContents;
  const studio = createStudio({
    runtime: forkRuntime(),
    ...opts,
    transport: 'ipc',
    events: { emit: (event, payload) => sendEvent(webContents, event, payload) },
  });
  registerIpc(fakeIpcMain, studio.handlers);
  const invoke = handlers.get('modelcrate:call');
  if (!invoke) throw new Error('registerIpc registered no call channel');
  return { invoke, channels: [...handlers.keys()], studio, events };
}

export const ipcAdapter: Adapter = {
  name: 'ipc',
  async connect(opts) {
    const { invoke, studio, events } = captureIpc(opts);
    const frame = { senderFrame: { url: 'app://studio/index.html' } };
    return connected({ call: (name, input) => invoke(frame, name, input), events, close: () => studio.dispose() });
  },
};

export async function startTestHost(opts: TestStudioOptions): Promise<WebHost> {
  const rendererDir = path.join(opts.dataDir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  return startWebHost({ studio: createStudio({ runtime: forkRuntime(), ...opts, transport: 'web' }), rendererDir, port: 0 });
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
    const events: ReceivedEvent[] = [];
    // As the page's client does: text frames are JSON, binary ones carry typed arrays (wire-frame.ts).
    ws.on('message', (data: Buffer, isBinary) => {
      const msg = decodeFrame(isBinary ? data : data.toString()) as {
        id?: number;
        result?: Result<unknown>;
        event?: string;
        payload?: unknown;
      };
      if (msg.id !== undefined && msg.result) pending.get(msg.id)?.(msg.result);
      else if (msg.event) events.push({ event: msg.event, payload: msg.payload });
    });
    return connected({
      events,
      call: (name, input) =>
        new Promise((resolve) => {
          const id = next++;
          pending.set(id, resolve);
          ws.send(encodeFrame({ id, call: name, input }));
        }),
      close: async () => {
        ws.close();
        await host.close();
      },
    });
  },
};
