// Issue 2's figures: how fast the IO contract of a big model is ready, and at what memory cost,
// against onnx.load in Python and a full in-memory decode with protobufjs, all in this run.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { manyNodes } from '../fixtures/models';
import { transformerLike } from './big-models';
import { cached, median, result, runChild, type BenchResult } from './harness';

interface ChildReport {
  ms: number;
  maxRssMB: number;
  nodes: number;
  inputs: number;
}

const PYTHON = '/usr/bin/python3';

async function measure(cmd: string, args: string[], runs: number): Promise<{ ms: number; rssMB: number; report: ChildReport }> {
  const reports: ChildReport[] = [];
  for (let i = 0; i < runs; i++) reports.push(await runChild<ChildReport>(cmd, args));
  return { ms: median(reports.map((r) => r.ms)), rssMB: Math.max(...reports.map((r) => r.maxRssMB)), report: reports[0]! };
}

export async function inspectBench(
  work: string,
  children: { reader: string; protobufjs: string },
  opts: { runs: number; log: (s: string) => void },
): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const hasPython = existsSync(PYTHON);
  const node = process.execPath;

  opts.log('generating a ≥1 GiB transformer-like model (cached in .bench/)…');
  const big = cached(work, 'big-1gib', (d) => transformerLike(d), 1 << 30);
  opts.log(`  ${big}: ${(statSync(big).size / 2 ** 30).toFixed(2)} GiB`);
  const ours = await measure(node, [children.reader, big], opts.runs);
  const pbjs = await measure(node, ['--max-old-space-size=8192', children.protobufjs, big], Math.min(opts.runs, 2));
  const py = hasPython
    ? await measure(PYTHON, [path.join(import.meta.dirname, 'python', 'onnx_load.py'), big], Math.min(opts.runs, 2))
    : null;
  if (py) {
    const r = result('1 GiB model: IO contract ready (our reader)', ours.ms, 'ms', { name: 'onnx.load (python)', value: py.ms });
    out.push({ ...r, target: '≤ 200 ms and ≥ 20× onnx.load', met: ours.ms <= 200 && (r.ratio ?? 0) >= 20 });
  } else {
    out.push(
      result('1 GiB model: IO contract ready (our reader)', ours.ms, 'ms', null, {
        text: '≤ 200 ms (python onnx missing: no ratio)',
        met: ours.ms <= 200,
      }),
    );
  }
  out.push(
    result('1 GiB model: vs protobufjs + onnx-proto full decode', ours.ms, 'ms', { name: 'protobufjs full decode', value: pbjs.ms }),
  );
  out.push(
    result(
      '1 GiB model: peak RSS (our reader)',
      ours.rssMB,
      'MB',
      py ? { name: 'onnx.load (python)', value: py.rssMB } : { name: 'protobufjs', value: pbjs.rssMB },
      { text: '≤ 150 MB', met: ours.rssMB <= 150 },
    ),
  );
  out.push(result('1 GiB model: peak RSS vs protobufjs', ours.rssMB, 'MB', { name: 'protobufjs', value: pbjs.rssMB }));

  opts.log('generating a 20,000-node model…');
  const many = cached(work, 'nodes-20k', (d) => manyNodes(d, 20_000), 1);
  const oursMany = await measure(node, [children.reader, many], opts.runs);
  if (oursMany.report.nodes !== 20_000) throw new Error(`reader saw ${oursMany.report.nodes} nodes, expected 20000`);
  const pbMany = await measure(node, [children.protobufjs, many], opts.runs);
  out.push(
    result(
      '20k-node model: summary (our reader)',
      oursMany.ms,
      'ms',
      { name: 'protobufjs full decode', value: pbMany.ms },
      { text: '≤ 500 ms', met: oursMany.ms <= 500 },
    ),
  );
  if (hasPython) {
    const pyMany = await measure(PYTHON, [path.join(import.meta.dirname, 'python', 'onnx_load.py'), many], opts.runs);
    out.push(result('20k-node model: vs onnx.load', oursMany.ms, 'ms', { name: 'onnx.load (python)', value: pyMany.ms }));
  }
  return out;
}
