// Measured in its own process so peak RSS is the reader's alone.
import { performance } from 'node:perf_hooks';
import { readModelSummary } from '../../../core/onnx/reader';

const file = process.argv[2]!;
const t0 = performance.now();
const summary = await readModelSummary(file);
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    ms,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    nodes: summary.stats.nodeCount,
    inputs: summary.graph.inputs.length,
  }),
);
