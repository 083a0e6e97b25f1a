import type { StudioApi } from '../../shared/api';
import type { CallInput, CallName, CallOutput, EventName, Events } from '../../shared/contract';
import { AppError, type ErrorData } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { decodeFrame, encodeFrame } from '../../shared/wire-frame';
import { MAX_WS_MESSAGE_BYTES } from '../../shared/ws-protocol';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Failed attempts since the last successful connection. */
  failures: number;
  /** Epoch ms of the next attempt while disconnected, else null. */
  retryAt: number | null;
  /** Whether any connection ever succeeded: a first failure usually means a wrong URL or token. */
  everConnected: boolean;
}

export interface WsClientOptions {
  url: string;
  createSocket?: (url: string) => WebSocket;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  /** The host's cap on one message (tests lower it). */
  maxMessageBytes?: number;
}

interface Pending {
  call: string;
  resolve: (value: unknown) => void;
  reject: (err: AppError) => void;
}

type Listener = (payload: never) => void;

const LOST: ErrorData = {
  code: 'IO_ERROR',
  message: 'Lost the connection to the Modelcrate host before it answered.',
  hint: 'It reconnects on its own; if it does not, check that `modelcrate studio --web` is still running, then try again.',
};
const OFFLINE: ErrorData = {
  code: 'IO_ERROR',
  message: 'Not connected to the Modelcrate host.',
  hint: 'Wait for the connection to come back (see the banner at the top), or restart `modelcrate studio --web`.',
};

/** Whether an error only says the host was unreachable (the call may be retried on reconnect). */
export function isConnectionLoss(e: ErrorData): boolean {
  return e.code === 'IO_ERROR' && (e.message === LOST.message || e.message === OFFLINE.message);
}

/**
 * The browser-mode transport: the contract's calls over one WebSocket. Requests carry ids and are
 * matched to responses through a pending map; events fan out to listeners that survive reconnects.
 * Calls made while the first connection is being set up wait for it; calls made while the host is
 * known to be away fail at once, so the UI never hangs behind a dead socket.
 */
export class WsClient implements StudioApi {
  readonly transport = 'web' as const;
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly outbox: Array<{ id: number; frame: string | Uint8Array<ArrayBuffer> }> = [];
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private state: ConnectionState = { status: 'connecting', failures: 0, retryAt: null, everConnected: false };
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly opts: WsClientOptions) {}

  get connection(): ConnectionState {
    return this.state;
  }

  connect(): void {
    if (this.closed || this.socket) return;
    this.clearRetry();
    this.setState({ status: 'connecting', retryAt: null });
    let socket: WebSocket;
    try {
      socket = (this.opts.createSocket ?? ((u) => new WebSocket(u)))(this.opts.url);
    } catch {
      this.onDown();
      return;
    }
    this.socket = socket;
    // Tensors come back in binary frames (wire-frame.ts); an ArrayBuffer reads synchronously.
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.setState({ status: 'connected', failures: 0, retryAt: null, everConnected: true });
      for (const m of this.outbox.splice(0)) socket.send(m.frame);
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') this.onMessage(ev.data);
      else if (ev.data instanceof ArrayBuffer) this.onMessage(new Uint8Array(ev.data));
    };
    // onerror is always followed by onclose; one place handles both.
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onDown();
    };
  }

  /** Skip the rest of the backoff wait. */
  retryNow(): void {
    if (this.state.status === 'disconnected') this.connect();
  }

  close(): void {
    this.closed = true;
    this.clearRetry();
    this.socket?.close();
    this.socket = null;
    this.failPending(LOST);
  }

  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    if (this.closed || this.state.status === 'disconnected') return Promise.reject(AppError.fromData(OFFLINE));
    const id = this.nextId++;
    const frame = encodeFrame({ id, call: name, input });
    // The host would drop the whole connection (close 1009) on an oversized message, failing every
    // other call in flight; refusing it here names the problem instead.
    const max = this.opts.maxMessageBytes ?? MAX_WS_MESSAGE_BYTES;
    const bytes =
      typeof frame !== 'string' ? frame.byteLength : frame.length > max ? frame.length : frame.length * 3 > max ? utf8Length(frame) : 0;
    if (bytes > max) {
      return Promise.reject(
        new AppError(
          'TOO_LARGE',
          `The ${name} request is ${formatBytes(bytes)}, more than the ${formatBytes(max)} the host accepts in one message.`,
          'Send smaller inputs (a smaller batch or image), or use the desktop app, which has no such limit.',
        ),
      );
    }
    return new Promise<CallOutput<N>>((resolve, reject) => {
      this.pending.set(id, { call: name, resolve: resolve as (v: unknown) => void, reject });
      if (this.socket && this.state.status === 'connected') this.socket.send(frame);
      else this.outbox.push({ id, frame });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  /** Calls the listener now with the current state, then on every change. */
  onConnection(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  private onMessage(frame: string | Uint8Array): void {
    let msg: unknown;
    try {
      msg = decodeFrame(frame);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const m = msg as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.id === 'number') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      const result = m.result as { ok?: boolean; value?: unknown; error?: ErrorData } | undefined;
      if (result?.ok === true) p.resolve(result.value);
      else if (result?.ok === false && result.error) p.reject(AppError.fromData(result.error));
      else
        p.reject(
          new AppError(
            'INTERNAL',
            `The host sent a malformed answer to ${p.call}.`,
            'This is a bug in Modelcrate Studio; please report it.',
          ),
        );
      return;
    }
    if (typeof m.event === 'string') {
      for (const l of this.listeners.get(m.event as EventName) ?? []) {
        try {
          (l as (p: unknown) => void)(m.payload);
        } catch (err) {
          console.error(`listener of ${m.event} failed`, err);
        }
      }
    }
  }

  private onDown(): void {
    // Requests already sent may or may not have run: their callers must decide, not us.
    this.failPending(LOST, true);
    if (this.closed) return;
    const failures = this.state.failures + 1;
    const initial = this.opts.initialBackoffMs ?? 500;
    const max = this.opts.maxBackoffMs ?? 10_000;
    const jitter = 0.8 + Math.random() * 0.4;
    const delay = Math.round(Math.min(max, initial * 2 ** (failures - 1)) * jitter);
    const now = (this.opts.now ?? Date.now)();
    // Calls waiting for a first connection that failed would otherwise wait forever.
    this.failOutbox(OFFLINE);
    this.setState({ status: 'disconnected', failures, retryAt: now + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private failPending(error: ErrorData, sentOnly = false): void {
    const queued = new Set(this.outbox.map((m) => m.id));
    for (const [id, p] of this.pending) {
      if (sentOnly && queued.has(id)) continue;
      this.pending.delete(id);
      p.reject(AppError.fromData(error));
    }
  }

  private failOutbox(error: ErrorData): void {
    for (const { id } of this.outbox.splice(0)) {
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.reject(AppError.fromData(error));
    }
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.stateListeners) l(this.state);
  }
}

/** UTF-8 length of a string without encoding it (a copy of a 100 MB request is worth avoiding). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4; // a surrogate pair: one 4-byte character
      i++;
    } else n += 3;
  }
  return n;
}
