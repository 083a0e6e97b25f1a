// The runtime process under Electron: a utilityProcess (a Node process Chromium's process model
// knows about) behind the same RuntimePort the CLI and web host get from child_process.fork.
// Type-checked only: no Electron binary runs on our CI machines.
import { utilityProcess } from 'electron';
import type { RuntimeProcessFactory, RuntimePort } from '../../core/runtime/runtime-port';
import type { WorkerMessage } from '../../core/runtime/protocol';

export function utilityRuntime(workerPath: string): RuntimeProcessFactory {
  return (): RuntimePort => {
    const child = utilityProcess.fork(workerPath, [], {
      serviceName: 'Modelcrate runtime',
      env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
      stdio: 'inherit',
    });
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
