// Event-loop lag of a process while a big model loads and runs, either in the runtime process
// (the studio's way) or in this very process (the baseline: what the main loop would suffer).
// Usage: loop-lag.mjs service|inproc MODEL WORKER  → one JSON line.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { forkRuntime } from '../../../core/runtime/fork-runtime';
import { RuntimeService } from '../../../core/runtime/runtime-service';

const [mode, model, worker] = process.argv.slice(2) as [string, string, string];
const RUNS = 3;
const shape = [1, 8, 1024];
const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.01);

const lag = monitorEventLoopDelay({ resolution: 1 });
lag.enable();
// A 1 ms heartbeat as well: monitorEventLoopDelay samples on its own timer; the gap between our
// beats is the delay anything else on this loop (IPC replies, UI events) would see.
let last = performance.now();
let maxGap = 0;
const beat = setInterval(() => {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last);
  last = now;
}, 1);

const t0 = performance.now();
let loadMs: number;
if (mode === 'service') {
  const runtime = new RuntimeService(forkRuntime(worker));
  loadMs = (await runtime.open('big', model)).loadMs;
  for (let i = 0; i < RUNS; i++) await runtime.run('big', { hidden_in: { type: 'float32', shape, data } });
  await runtime.dispose();
} else {
  const started = performance.now();
  const session = await ort.InferenceSession.create(model);
  loadMs = performance.now() - started;
  for (let i = 0; i < RUNS; i++) await session.run({ hidden_in: new ort.Tensor('float32', data, shape) });
  await session.release();
}
const totalMs = performance.now() - t0;
clearInterval(beat);
lag.disable();
console.log(JSON.stringify({ maxLagMs: lag.max / 1e6, p99LagMs: lag.percentile(99) / 1e6, maxGapMs: maxGap, loadMs, totalMs }));
