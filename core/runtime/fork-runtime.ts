// The runtime process for Node hosts (CLI, web host, tests): a child_process.fork of the worker
// bundle. Kept apart from runtime-port.ts so Electron's CommonJS main bundle never includes it.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerMessage } from './protocol';
import type { RuntimeProcessFactory } from './runtime-port';

export const WORKER_FILE = 'runtime-worker.mjs';

/**
 * dist/runtime-worker.mjs: beside the bundled CLI (dist/cli.mjs), or under the repository's dist/
 * when running from sources (vitest, tsx), which the test setup builds first.
 */
export function defaultWorkerPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(here) === 'dist' ? path.join(here, WORKER_FILE) : path.resolve(here, '../../dist', WORKER_FILE);
}

/** A Node child process running the worker bundle; serialization 'advanced' clones typed arrays as they are. */
export function forkRuntime(workerPath: string = defaultWorkerPath()): RuntimeProcessFactory {
  return () => {
    const child = fork(workerPath, [], {
      serialization: 'advanced',
      env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
      // The worker's stdout goes to our stderr: `predict --json` keeps stdout for its one document.
      stdio: ['ignore', 2, 'inherit', 'ipc'],
      execArgv: [],
    });
    // A send to a process that just died reports through 'error'; its 'exit' tells the service.
    child.on('error', () => {});
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (msg) => void (child.connected && child.send(msg, () => {})),
      onMessage: (listener) => void child.on('message', (m) => listener(m as WorkerMessage)),
      onExit: (listener) => void child.once('exit', (code, signal) => listener({ code, signal })),
      kill: () => void child.kill(),
      setBusy(busy) {
        if (busy) {
          child.ref();
          child.channel?.ref();
        } else {
          child.unref();
          child.channel?.unref();
        }
      },
    };
  };
}
