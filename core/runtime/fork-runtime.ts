// The runtime process for Node hosts (CLI, web host, tests): a child_process.fork of the worker
// bundle. Kept apart from runtime-port.ts so Electron's CommonJS main bundle never includes it.
import { fork } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerMessage } from './protocol';
import { defaultRuntimeLog, routeRuntimeStderr, type RuntimeLogOptions } from './runtime-log';
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

/**
 * A Node child process running the worker bundle; serialization 'advanced' clones typed arrays as
 * they are. Its stderr is read line by line: onnxruntime's own log lines go to `log.file` (by
 * default `<data dir>/logs/runtime.log`), everything else to our stderr (runtime-log.ts).
 */
export function forkRuntime(workerPath: string = defaultWorkerPath(), log: RuntimeLogOptions = defaultRuntimeLog()): RuntimeProcessFactory {
  return () => {
    const child = fork(workerPath, [], {
      serialization: 'advanced',
      env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
      // The worker's stdout goes to our stderr: `predict --json` keeps stdout for its one document.
      // Its stderr comes to us through a pipe, for onnxruntime's log lines to be taken out.
      stdio: ['ignore', 2, 'pipe', 'ipc'],
      execArgv: [],
    });
    // A send to a process that just died reports through 'error'; its 'exit' tells the service.
    child.on('error', () => {});
    const stderr = child.stderr as Socket;
    routeRuntimeStderr(stderr, log);
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (msg) => void (child.connected && child.send(msg, () => {})),
      onMessage: (listener) => void child.on('message', (m) => listener(m as WorkerMessage)),
      // 'close' rather than 'exit': by then its stderr has been read to the end, so a crash's own
      // message is printed before the service reports the crash.
      onExit: (listener) => void child.once('close', (code, signal) => listener({ code, signal })),
      kill: () => {
        // Read what the process wrote until its pipe closes, even after the caller is done with it:
        // the line onnxruntime logged just before its error reached us is still to be routed.
        stderr.ref();
        child.kill();
      },
      setBusy(busy) {
        // The pipe counts like the process: an idle runtime keeps no one alive.
        if (busy) {
          child.ref();
          child.channel?.ref();
          stderr.ref();
        } else {
          child.unref();
          child.channel?.unref();
          stderr.unref();
        }
      },
    };
  };
}
