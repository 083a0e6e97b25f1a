// What the renderer sees: one typed object, whichever transport carries it
// (Electron preload → window.modelcrate, or the WebSocket client in browser mode).
import type { CallInput, CallName, CallOutput, EventName, Events } from './contract';
import type { Result } from './errors';

export interface StudioApi {
  readonly transport: 'ipc' | 'web';
  /** Rejects with an AppError carrying the stable error code. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Returns an unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/**
 * What the Electron preload exposes as `window.modelcrate`. Results come back as data, not as
 * rejected promises, because contextBridge copies an Error's message only and would drop the
 * stable code; the renderer's IPC adapter turns a failed Result into an AppError.
 */
export interface DesktopBridge {
  readonly transport: 'ipc';
  invoke(name: CallName, input: unknown): Promise<Result<unknown>>;
  /** Returns an unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Only the preload can turn a dropped File into a path (webUtils.getPathForFile). */
  pathForFile(file: File): string;
}
