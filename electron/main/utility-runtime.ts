// The runtime process under Electron: a utilityProcess (a Node process Chromium's process model
// knows about) behind the same RuntimePort the CLI and web host get from child_process.fork.
// Type-checked only: no Electron binary runs on our CI machines.
import { app, utilityProcess } from 'electron';
import { debugEnabled, routeRuntimeStderr, runtimeLogPath, type RuntimeLogOptions } from '../../core/runtime/runtime-log';
import type { RuntimeProcessFactory, RuntimePort } from '../../core/runtime/runtime-port';
import type { WorkerMessage } from '../../core/runtime/protocol';

/** onnxruntime's log lines go to `<userData>/logs/runtime.log` (the studio's data folder), the rest to our stderr. */
export function utilityRuntime(workerPath: string, log?: RuntimeLogOptions): RuntimeProcessFactory {
  return (): RuntimePort => {
    const child = utilityProcess.fork(workerPath, [], {
      serviceName: 'Modelcrate runtime',
      env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
      // stdin must be 'ignore'; stderr is piped for runtime-log.ts to take onnxruntime's lines out.
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    // Taken now: child.stderr reads null once the process has exited.
    if (child.stderr) routeRuntimeStderr(child.stderr, log ?? { file: runtimeLogPath(app.getPath('userData')), debug: debugEnabled() });
    let exited = false;
    child.once('exit', () => (exited = true));
    return {
      get pid() {
        return child.pid;
      },
      // postMessage structured-clones, so typed arrays and BigInt64Arrays pass as they are.
      postMessage: (msg) => {
        if (!exited) child.postMessage(msg);
      },
      onMessage: (listener) => void child.on('message', (msg: unknown) => listener(msg as WorkerMessage)),
      // utilityProcess reports only an exit code; a crash shows up as a non-zero one.
      onExit: (listener) => void child.once('exit', (code) => listener({ code, signal: null })),
      kill: () => void child.kill(),
    };
  };
}
