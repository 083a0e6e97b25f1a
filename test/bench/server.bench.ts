// Issue 5's server figures. (1) Overhead: `/infer` p50 over HTTP (keep-alive client, JSON in and
// out, the real dist/server.mjs in its own process with its runtime thread) minus a bare
// in-process session.run p50 on the same model and input, batch 1 — target ≤ 0.5 ms. (2) Load:
// autocannon at concurrency 32 for 30 s (10 s with --runs 1) — target zero errors; p50/p99 and
// req/s reported.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import * as ort from 'onnxruntime-node';
import { median, result, type BenchResult } from './harness';
import { packMlpBundle } from './children/server-bundle';

const X = [0.5, -1.25, 2, 0.75];
const BODY = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: X }] });

async function sessionRunP50(modelPath: string, n: number): Promise<number> {
  const session = await ort.InferenceSession.create(modelPath);
  const times: number[] = [];
  for (let i = 0; i < n + 200; i++) {
    const t = performance.now();
    await session.run({ x: new ort.Tensor('float32', Float32Array.from(X), [1, 4]) });
    if (i >= 200) times.push(performance.now() - t);
  }
  await session.release();
  return median(times);
}

async function inferP50(url: URL, n: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: '/v2/models/mlp/infer',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(BODY);
    });
  const times: number[] = [];
  for (let i = 0; i < n + 200; i++) {
    const t = performance.now();
    await once();
    if (i >= 200) times.push(performance.now() - t);
  }
  agent.destroy();
  return median(times);
}

export interface ServerProcess {
  url: URL;
  pid: number;
  /** Its "load settings" log line. */
  settings: Record<string, unknown>;
  stop: () => Promise<void>;
}

export function startServerProcess(server: string, bundle: string, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [server, '--bundle', bundle, '--port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    // Every request is logged, as in production; once ready, the lines are dropped unread so the
    // bench process (also the HTTP client) spends no CPU on them.
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (l) => {
      const o = JSON.parse(l) as { msg: string; level: string; url?: string };
      if (o.msg === 'load settings') settings = o;
      if (o.msg === 'ready') {
        rl.close();
        child.stdout!.on('data', () => {}).resume();
        resolve({ url: new URL(listening!), pid: child.pid!, settings, stop: () => (child.kill('SIGTERM'), exited) });
      }
      if (o.msg === 'listening') listening = o.url;
      if (o.level === 'error') reject(new Error(l));
    });
    let listening: string | undefined;
    let settings: Record<string, unknown> = {};
    void exited.then(() => reject(new Error('the server exited before it was ready')));
  });
}

export async function serverBench(
  work: string,
  paths: { server: string },
  opts: { runs: number; log: (s: string) => void },
): Promise<BenchResult[]> {
  const dir = path.join(work, 'server');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { bundle, modelPath } = await packMlpBundle(dir);
  const n = 2000;
  const runP50s: number[] = [];
  const inferP50s: number[] = [];
  const server = await startServerProcess(paths.server, bundle);
  try {
    // Interleaved rounds: both sides see the same machine state.
    for (let r = 0; r < opts.runs; r++) {
      opts.log(`server: round ${r + 1}/${opts.runs}: session.run and /infer p50, ${n} calls each`);
      runP50s.push(await sessionRunP50(modelPath, n));
      inferP50s.push(await inferP50(server.url, n));
    }
    const duration = opts.runs === 1 ? 10 : 30;
    opts.log(`server: autocannon, 32 connections, ${duration} s`);
    const load = await autocannon({
      url: new URL('/v2/models/mlp/infer', server.url).href,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
      connections: 32,
      duration,
    });
    const run = median(runP50s);
    const infer = median(inferP50s);
    const overhead = infer - run;
    const errors = load.errors + load.timeouts + load.non2xx;
    const baseline = { name: 'in-process session.run p50', value: run };
    return [
      result('server: /infer p50, mlp batch 1 (HTTP, JSON, runtime thread)', infer, 'ms', baseline),
      result('server: /infer overhead over session.run (p50 − p50)', overhead, 'ms', null, { text: '≤ 0.5 ms', met: overhead <= 0.5 }),
      result(`server: load ${duration} s × 32 connections, errors (incl. non-2xx)`, errors, 'requests', null, {
        text: '0',
        met: errors === 0,
      }),
      result('server: load p50 latency', load.latency.p50, 'ms', null),
      result('server: load p99 latency', load.latency.p99, 'ms', null),
      result('server: load throughput', load.requests.average, 'req/s', null),
      result('server: load requests served', load.requests.total, 'requests', null),
    ];
  } finally {
    await server.stop();
  }
}
