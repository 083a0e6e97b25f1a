// Issue 14's figures: the real dist/server.mjs in its own process under load, from this process.
// (1) Throughput: mlp (small) and a VGG-shaped conv net (medium, batchable: fixtures/models.ts vggNet) at concurrency 1/8/32/128, dynamic
//     batching off vs on: req/s, p50/p99, peak RSS, /v2/health/live p99 during the load, 503s —
//     with bare in-process onnxruntime (session.run, batch 1 and batch 32) as the ceiling.
// (2) Memory: 8 concurrent 60 MiB JSON bodies against a server told it has 1.5 GiB (as a container
//     limit would): peak RSS (VmHWM) and every status.
// (3) Liveness: /v2/health/live p99 while 46 MB JSON requests are being served.
import { readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import * as ort from 'onnxruntime-node';
import { result, type BenchResult } from './harness';
import { packMlpBundle } from './children/server-bundle';
import { startServerProcess, type ServerProcess } from './server.bench';
import { mlp, randomFloats, vggNet, type Builder } from '../fixtures/models';

interface Model {
  name: string;
  build: Builder;
  row: number[];
  /** How clients send it: the conv net's 12 KB of floats go binary, as Triton's client sends tensors. */
  format: 'json' | 'binary';
}
const MODELS: Model[] = [
  { name: 'mlp', build: mlp, row: [4], format: 'json' },
  { name: 'vggnet', build: vggNet, row: [3, 32, 32], format: 'binary' },
];
const CONCURRENCY = [1, 8, 32, 128];
const MiB = 2 ** 20;

const rss = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

/**
 * GET /v2/health/live one after another (20 ms apart) from a process of its own, as a kubelet
 * would: in this process the probes would also wait for the load generator's own event loop.
 */
const PROBER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const times = [];
let running = true;
process.stdin.on('end', () => (running = false)).resume();
(async () => {
  while (running) {
    const t = performance.now();
    await new Promise((resolve) => {
      const req = http.request({ agent, host: process.argv[1], port: process.argv[2], path: '/v2/health/live' }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', resolve);
      req.end();
    });
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  process.stdout.write(JSON.stringify(times));
  agent.destroy();
})();
`;

function probeLive(url: URL): { stop: () => Promise<number[]> } {
  const child = spawn(process.execPath, ['-e', PROBER, url.hostname, url.port], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.stdin.end();
      await exited;
      return JSON.parse(out || '[]') as number[];
    },
  };
}

/** Samples the server's RSS every 50 ms; the maximum seen. */
function sampleRss(pid: number): { stop: () => number } {
  let max = rss(pid, 'VmRSS');
  const timer = setInterval(() => (max = Math.max(max, rss(pid, 'VmRSS'))), 50);
  return { stop: () => (clearInterval(timer), max) };
}

/** In-process session.run throughput in rows/s at `rows` per run, for `ms`: the same default session options as the server. */
async function ceiling(modelPath: string, row: number[], rows: number, ms: number): Promise<number> {
  const session = await ort.InferenceSession.create(modelPath);
  const per = row.reduce((a, b) => a * b, 1);
  const x = new ort.Tensor('float32', Float32Array.from(randomFloats(rows * per, 7)), [rows, ...row]);
  for (let i = 0; i < 20; i++) await session.run({ x });
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await session.run({ x });
    done += rows;
  }
  const perSecond = done / ((performance.now() - start) / 1000);
  await session.release();
  return perSecond;
}

interface LoadPoint {
  /** 2xx answers per second. */
  rps: number;
  /** Cores the load generator (this process) used meanwhile: on a 2-core machine, taken from the server. */
  clientCores: number;
  /** Rows of the run each answered request was part of, on average (1: it ran alone). */
  meanBatchRows: number;
  p50: number;
  p99: number;
  /** Answered 503 (shed at admission). */
  busy: number;
  /** Anything else that is not a 2xx, plus socket errors and timeouts: must be 0. */
  errors: number;
  peakRss: number;
  liveP99: number;
}

/** The modelcrate_batch_size histogram's sum and count. */
async function batchRows(server: ServerProcess): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(new URL('/metrics', server.url))).text();
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return { sum: num(/^modelcrate_batch_size_sum (\S+)$/m), count: num(/^modelcrate_batch_size_count (\S+)$/m) };
}

interface Body {
  body: string | Buffer;
  headers: Record<string, string>;
}

function inferBody(m: Model, x: { shape: number[]; data: number[] }): Body {
  if (m.format === 'json')
    return { body: JSON.stringify({ inputs: [{ name: 'x', datatype: 'FP32', ...x }] }), headers: { 'content-type': 'application/json' } };
  const raw = Buffer.from(Float32Array.from(x.data).buffer);
  const header = Buffer.from(
    JSON.stringify({ inputs: [{ name: 'x', datatype: 'FP32', shape: x.shape, parameters: { binary_data_size: raw.length } }] }),
  );
  return {
    body: Buffer.concat([header, raw]),
    headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
  };
}

async function load(server: ServerProcess, model: string, req: Body, connections: number, seconds: number): Promise<LoadPoint> {
  const probes = probeLive(server.url);
  const mem = sampleRss(server.pid);
  const cpu = process.cpuUsage();
  const before = await batchRows(server);
  const r = await autocannon({
    url: new URL(`/v2/models/${model}/infer`, server.url).href,
    method: 'POST',
    headers: req.headers,
    body: req.body,
    connections,
    duration: seconds,
  });
  const live = await probes.stop();
  const used = process.cpuUsage(cpu);
  const after = await batchRows(server);
  return {
    // Answered requests only: a 503 costs the server next to nothing and is no throughput.
    rps: r['2xx'] / r.duration,
    clientCores: (used.user + used.system) / 1e6 / r.duration,
    meanBatchRows: (after.sum - before.sum) / Math.max(1, after.count - before.count),
    p50: r.latency.p50,
    p99: r.latency.p99,
    busy: r.statusCodeStats?.['503']?.count ?? 0,
    errors: r.non2xx - (r.statusCodeStats?.['503']?.count ?? 0) + r.errors + r.timeouts,
    peakRss: mem.stop(),
    liveP99: percentile(live, 0.99),
  };
}

/** POSTs `body` `n` times at once with raw http (a reset shows as its error code); statuses and the server's VmHWM. */
async function concurrentBig(
  server: ServerProcess,
  model: string,
  body: Buffer,
  n: number,
): Promise<{ statuses: string[]; liveP99: number }> {
  const probes = probeLive(server.url);
  const agent = new Agent({ keepAlive: false });
  const statuses = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<string>((resolve) => {
          const req = request(
            {
              agent,
              host: server.url.hostname,
              port: server.url.port,
              path: `/v2/models/${model}/infer`,
              method: 'POST',
              headers: { 'content-type': 'application/json', 'content-length': body.length },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(String(res.statusCode)));
            },
          );
          req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
          req.end(body);
        }),
    ),
  );
  return { statuses, liveP99: percentile(await probes.stop(), 0.99) };
}

function mlpJsonBody(bytes: number): Buffer {
  const row = '0.123456789,-1.23456789,2.3456789,0.98765432';
  const rows = Math.floor(bytes / (row.length + 1));
  return Buffer.from(`{"inputs":[{"name":"x","shape":[${rows},4],"datatype":"FP32","data":[${Array(rows).fill(row).join(',')}]}]}`);
}

const count = (statuses: string[], s: string) => statuses.filter((x) => x === s).length;

export async function serverLoadBench(
  work: string,
  paths: { server: string },
  opts: { runs: number; log: (s: string) => void },
): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = path.join(work, 'server-load');
  rmSync(dir, { recursive: true, force: true });
  const seconds = opts.runs === 1 ? 3 : 6;
  const conv32: Record<string, LoadPoint> = {};
  let convCeiling = 0;
  for (const m of MODELS) {
    const per = m.row.reduce((a, b) => a * b, 1);
    const x = { shape: [1, ...m.row], data: randomFloats(per, 3) };
    const { bundle, modelPath } = await packMlpBundle(dir, {
      build: m.build,
      name: `${m.name}-load-bundle`,
      samples: [{ name: 'one', inputs: { x } }],
    });
    const body = inferBody(m, x);
    opts.log(`server-load: ${m.name}: in-process ceiling (session.run, batch 1, 16 and 32)`);
    const one = await ceiling(modelPath, m.row, 1, 2000);
    const batched = await ceiling(modelPath, m.row, 32, 2000);
    // The batch the server forms at 32 connections: half of them wait while the other half runs.
    const half = await ceiling(modelPath, m.row, 16, 2000);
    if (m.name === 'vggnet') convCeiling = batched;
    out.push(result(`server-load: ${m.name}: in-process session.run, batch 1`, one, 'rows/s', null));
    out.push(result(`server-load: ${m.name}: in-process session.run, batch 16`, half, 'rows/s', null));
    out.push(result(`server-load: ${m.name}: in-process session.run, batch 32 (ceiling)`, batched, 'rows/s', null));
    for (const batching of [false, true]) {
      const server = await startServerProcess(paths.server, bundle, ['--max-batch-size', batching ? '32' : '1']);
      try {
        for (const c of CONCURRENCY) {
          opts.log(`server-load: ${m.name}, batching ${batching ? 'on' : 'off'}, ${c} connections, ${seconds} s`);
          const p = await load(server, m.name, body, c, seconds);
          if (m.name === 'vggnet' && c === 32) conv32[batching ? 'on' : 'off'] = p;
          const label = `server-load: ${m.name} (${m.format}) c=${c} batching ${batching ? 'on ' : 'off'}`;
          out.push(
            result(`${label}: throughput (2xx)`, p.rps, 'req/s', null),
            result(`${label}: load generator's CPU (same machine)`, p.clientCores, 'cores', null),
            result(`${label}: rows per run, mean over requests`, p.meanBatchRows, 'rows', null),
            result(`${label}: p50 latency`, p.p50, 'ms', null),
            result(`${label}: p99 latency`, p.p99, 'ms', null),
            result(`${label}: live-probe p99`, p.liveP99, 'ms', null),
            result(`${label}: peak RSS`, p.peakRss / MiB, 'MiB', null),
            result(`${label}: answered 503 (shed)`, p.busy, 'requests', null),
            result(`${label}: errors (non-2xx other than 503, resets, timeouts)`, p.errors, 'requests', null, {
              text: '0',
              met: p.errors === 0,
            }),
          );
        }
      } finally {
        await server.stop();
      }
    }
  }
  const on = conv32.on!;
  const off = conv32.off!;
  out.push(
    result('server-load: vggnet c=32 batching on vs in-process batch-32 ceiling', on.rps / convCeiling, '×', null, {
      text: '≥ 0.8×',
      met: on.rps >= 0.8 * convCeiling,
    }),
    result('server-load: vggnet c=32 batching on vs off (throughput)', on.rps / off.rps, '×', null, {
      text: '≥ 3×',
      met: on.rps >= 3 * off.rps,
    }),
    result(
      'server-load: vggnet c=32 batching on p99',
      on.p99,
      'ms',
      { name: '2 × unbatched p50 + max_queue_delay (0)', value: 2 * off.p50 },
      {
        text: '≤ 2× unbatched p50 + delay',
        met: on.p99 <= 2 * off.p50,
      },
    ),
  );

  // (2) and (3): big JSON bodies, mlp (1.4 M rows in a 60 MiB body).
  const { bundle } = await packMlpBundle(dir, { name: 'mlp-big-bundle' });
  opts.log('server-load: 8 concurrent 60 MiB bodies, --memory-limit 1536Mi');
  const big = mlpJsonBody(60 * MiB);
  const limited = await startServerProcess(paths.server, bundle, ['--memory-limit', '1536Mi']);
  try {
    const r = await concurrentBig(limited, 'mlp', big, 8);
    const hwm = rss(limited.pid, 'VmHWM');
    const clean = r.statuses.every((s) => s === '200' || s === '413' || s === '503');
    out.push(
      result('server-load: 8 × 60 MiB bodies: peak RSS (VmHWM)', hwm / MiB, 'MiB', null, { text: '≤ 1.5 GB', met: hwm <= 1.5e9 }),
      result(
        `server-load: 8 × 60 MiB bodies: answers 200 / 503 / other (${r.statuses.join(' ')})`,
        count(r.statuses, '200'),
        '× 200',
        null,
        {
          text: 'all 200/413/503, no resets',
          met: clean,
        },
      ),
      result('server-load: 8 × 60 MiB bodies: answered 503 (over the memory budget)', count(r.statuses, '503'), 'requests', null),
      result('server-load: body budget from --memory-limit 1536Mi', Number(limited.settings.bodyBudgetBytes) / MiB, 'MiB', null),
    );
  } finally {
    await limited.stop();
  }
  opts.log('server-load: live probes while 46 MB JSON requests are served (4 at once)');
  const server = await startServerProcess(paths.server, bundle);
  try {
    const r = await concurrentBig(server, 'mlp', mlpJsonBody(46e6), 4);
    out.push(
      result(`server-load: /v2/health/live p99 during 4 × 46 MB requests (${r.statuses.join(' ')})`, r.liveP99, 'ms', null, {
        text: '≤ 50 ms',
        met: r.liveP99 <= 50,
      }),
    );
  } finally {
    await server.stop();
  }
  return out;
}
