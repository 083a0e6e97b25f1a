// The one seam between the RuntimeService and whatever process hosts onnxruntime. Node (CLI, web
// host, tests) forks a child process (fork-runtime.ts); Electron implements the same port with
// utilityProcess (electron/main/utility-runtime.ts); the OIP server runs it in a worker thread
// (thread-runtime.ts). Nothing else knows which one it talks to.
import type { WorkerMessage, WorkerRequest } from './protocol';

export interface RuntimeExit {
  code: number | null;
  signal: string | null;
}

export interface RuntimePort {
  readonly pid: number | undefined;
  /** `transfer`: buffers handed over rather than copied, where the port can (a worker thread). */
  postMessage(msg: WorkerRequest, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (msg: WorkerMessage) => void): void;
  onExit(listener: (exit: RuntimeExit) => void): void;
  kill(): void;
  /** Optional: keep the caller alive only while calls are pending (Node's event loop refs). */
  setBusy?(busy: boolean): void;
}

export type RuntimeProcessFactory = () => RuntimePort;
