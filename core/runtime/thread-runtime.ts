// onnxruntime in a worker thread of this process, behind the same RuntimePort as the forked
// process. The inference server uses it: in a container the orchestrator restarts a crashed
// server anyway, and the thread hop (~0.1 ms) is far cheaper than a process hop (~0.3 ms with 64 KB
// each way on 2 vCPUs; bench: server). The studio keeps the process, whose crash it survives.
// onnxruntime's own log lines (a failed kernel logs one at level E) are written by native code to
// fd 2 of this very process, which nothing here can intercept: in the server they stay on stderr as
// onnxruntime wrote them, beside the JSON log on stdout, which they never enter (runtime-log.ts
// routes them for the forked and utility processes only).
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './protocol';
import type { RuntimeProcessFactory, RuntimePort } from './runtime-port';

export function threadRuntime(workerPath: string): RuntimeProcessFactory {
  return (): RuntimePort => {
    const worker = new Worker(workerPath, { env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' }, stdout: false, stderr: false });
    let exited = false;
    // An uncaught error inside the thread ends it; 'exit' then tells the service, like a crash.
    worker.on('error', () => {});
    worker.once('exit', () => (exited = true));
    return {
      pid: undefined,
      postMessage: (msg, transfer) => {
        if (!exited) worker.postMessage(msg, transfer);
      },
      onMessage: (listener) => void worker.on('message', (m) => listener(m as WorkerMessage)),
      onExit: (listener) => void worker.once('exit', (code) => listener({ code, signal: null })),
      kill: () => void worker.terminate(),
      setBusy(busy) {
        if (busy) worker.ref();
        else worker.unref();
      },
    };
  };
}
