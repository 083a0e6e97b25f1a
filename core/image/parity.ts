// The parity gate: the built image must answer like the studio did. Run it on a free 127.0.0.1
// port, time start → ready (the server is ready only once its own golden-sample self-test passed),
// send every golden sample through OIP /infer, compare with the outputs the bundle recorded, and
// read the container's memory once warm (the Kubernetes manifests size resources from it), and
// always remove the container. Bit-exact when the image runs the onnxruntime that recorded the
// samples (same build, same CPU: any difference is a bug in the path, not rounding); otherwise the
// bundle's per-dtype tolerance. An output the bundle keeps only as a summary (past its sample
// budget) is checked against the summary: in exact mode its sha256 must match.
import http from 'node:http';
import type { Manifest } from '../../shared/bundle/manifest';
import { isSummary, type ExpectedOutput } from '../../shared/bundle/sample';
import { compareSampleOutputs, summaryBytes } from '../../shared/bundle/sample-summary';
import { AppError } from '../../shared/errors';
import { tensorToJson, wireToTensor } from '../../shared/tensor-json';
import { readSample, sha256Hex, type LoadedSample } from '../bundle/sample-files';
import type { ParityResult, ParitySample } from '../../shared/image/types';
import type { JsonTensor } from '../../shared/tensors';
import { OIP_DATATYPES, oipDatatype, type OipOutput } from '../../shared/oip/codec';
import type { DockerClient } from '../docker/client';
import { CONTAINER_PORT } from './dockerfile';

export interface ParityOptions {
  /** The bundle's folder (samples are read from it) and manifest. */
  bundleRoot: string;
  manifest: Manifest;
  /** The onnxruntime version inside the image (the one copied into it). */
  imageOrtVersion: string;
  labels?: Record<string, string>;
  readyTimeoutMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onSample?: (done: number, total: number, name: string) => void;
}

export async function checkParity(docker: DockerClient, image: string, opts: ParityOptions): Promise<ParityResult> {
  let started: Awaited<ReturnType<DockerClient['run']>>;
  try {
    started = await docker.run(image, { port: CONTAINER_PORT, labels: opts.labels });
  } catch (err) {
    // The engine could not start it (e.g. no node in the base image): the image fails the gate.
    if (err instanceof AppError && err.code === 'DOCKER_ERROR')
      return { verified: false, coldStartMs: null, samples: [], error: `The container did not start: ${err.message}` };
    throw err;
  }
  const { id, hostPort, startedAt } = started;
  const base = `http://127.0.0.1:${hostPort}`;
  opts.log?.(`parity: container ${id.slice(0, 12)} on ${base}`);
  try {
    const ready = await waitReady(docker, id, base, startedAt, opts);
    if (typeof ready === 'string') return { verified: false, coldStartMs: null, samples: [], error: ready };
    opts.log?.(`parity: ready after ${ready.toFixed(0)} ms`);
    const exact = opts.manifest.runtime.onnxruntime === opts.imageOrtVersion;
    const samples: ParitySample[] = [];
    for (const [i, s] of opts.manifest.samples.entries()) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED', 'The parity check was cancelled.');
      opts.onSample?.(i, opts.manifest.samples.length, s.name);
      const file = await readSample(opts.bundleRoot, s);
      const r = await replay(base, opts.manifest.metadata.name, s.name, file, exact, opts.signal);
      opts.log?.(`parity: ${s.name} ${r.ok ? 'ok' : `FAILED: ${r.why}`} (${r.ms.toFixed(1)} ms)`);
      samples.push(r);
    }
    const memory = await docker.memoryStats(id).catch((err: unknown) => {
      opts.log?.(`parity: no memory figure: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    if (memory)
      opts.log?.(
        `parity: memory ${(memory.workingSetBytes / 1048576).toFixed(1)} MiB working set (${(memory.usageBytes / 1048576).toFixed(1)} MiB usage)`,
      );
    return {
      verified: samples.length > 0 && samples.every((s) => s.ok),
      coldStartMs: Math.round(ready),
      samples,
      ...(memory ? { memory } : {}),
      ...(samples.length ? {} : { error: 'The bundle has no golden samples: nothing proves the image answers like the studio.' }),
    };
  } finally {
    await docker.removeContainer(id).catch(() => {});
  }
}

/** ms from start to the first 200 on ready, or why it never came (with the container's last log lines). */
async function waitReady(docker: DockerClient, id: string, base: string, startedAt: number, opts: ParityOptions): Promise<number | string> {
  const deadline = startedAt + (opts.readyTimeoutMs ?? 60_000);
  for (let n = 0; ; n++) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'The parity check was cancelled.');
    const ok = (await httpStatus(`${base}/v2/health/ready`, 1000)) === 200;
    if (ok) return performance.now() - startedAt;
    // Every ~0.5 s: has it died? A dead server will never become ready.
    if (n % 25 === 24 || performance.now() > deadline) {
      const st = (await docker.inspectContainer(id)).State;
      const logs = await docker.logs(id).catch(() => '');
      if (!st.Running) return `The container exited (code ${st.ExitCode}) before it was ready.${logs ? `\n${logs.trim()}` : ''}`;
      if (performance.now() > deadline)
        return `The server was not ready within ${Math.round((opts.readyTimeoutMs ?? 60_000) / 1000)} s.${logs ? `\n${logs.trim()}` : ''}`;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * GET → status (0 on any failure). node:http, not fetch: while docker-proxy accepts connections
 * for a server not yet listening, fetch with AbortSignal.timeout (an unref'd timer) could leave
 * nothing holding the event loop, and a CLI process simply exited mid-wait.
 */
function httpStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function replay(
  base: string,
  model: string,
  name: string,
  sample: LoadedSample,
  exact: boolean,
  signal?: AbortSignal,
): Promise<ParitySample> {
  const comparison = exact ? 'exact' : 'tolerance';
  const body = {
    id: name,
    inputs: Object.entries(sample.inputs).map(([n, t]) => ({
      name: n,
      shape: t.shape,
      datatype: oipDatatype(t.type),
      data: tensorToJson(t).data,
    })),
  };
  const t0 = performance.now();
  const res = await fetch(`${base}/v2/models/${encodeURIComponent(model)}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) return { name, ok: false, comparison, ms, why: `HTTP ${res.status}: ${text.slice(0, 500)}` };
  const outputs = (JSON.parse(text) as { outputs: OipOutput[] }).outputs;
  const actual: Record<string, Required<JsonTensor>> = {};
  for (const o of outputs)
    actual[o.name] = { type: OIP_DATATYPES[o.datatype], shape: o.shape, data: o.data.flat(Infinity as 1) as JsonTensor['data'] };
  const c = compareSampleOutputs(sample.outputs, { json: actual }, sha256Hex);
  const worstDiff = c.worst?.diff ?? 0;
  if (!c.ok) return { name, ok: false, comparison, ms, worstDiff, why: `${c.mismatch!.output}[${c.mismatch!.index}]: ${c.mismatch!.why}` };
  if (exact) {
    const diff = firstInexact(sample.outputs, actual);
    if (diff)
      return {
        name,
        ok: false,
        comparison,
        ms,
        worstDiff,
        why: `${diff} (within tolerance, but the same onnxruntime should reproduce it bit for bit)`,
      };
  }
  return { name, ok: true, comparison, ms, worstDiff };
}

function firstInexact(expected: Record<string, ExpectedOutput>, actual: Record<string, Required<JsonTensor>>): string | undefined {
  for (const [k, e] of Object.entries(expected)) {
    const a = actual[k]!;
    if (isSummary(e)) {
      const got = sha256Hex(summaryBytes(wireToTensor(a, `Output "${k}"`)));
      if (got !== e.summary.sha256)
        return `${k}: sha256 ${got.slice(0, 12)}…, recorded ${e.summary.sha256.slice(0, 12)}… (summarized output)`;
      continue;
    }
    const i = e.data.findIndex((v, j) => String(v) !== String(a.data[j]));
    if (i >= 0) return `${k}[${i}]: expected ${String(e.data[i])}, got ${String(a.data[i])}`;
  }
  return undefined;
}
