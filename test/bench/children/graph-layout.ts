// One layout engine on one synthetic graph, in its own process so peak RSS is that engine's alone.
// Usage: graph-layout.mjs <elk|dagre|layered> <nodes> [--stack-mb N]. Prints one JSON line.
// --stack-mb runs the layout in a worker thread with that stack: both libraries recurse once per
// layer and overflow Node's default stack on deep graphs, and a browser's Web Worker cannot be
// given a bigger one — the bench reports the overflow, then measures the time with a big stack.
import { performance } from 'node:perf_hooks';
import { isMainThread, Worker } from 'node:worker_threads';
import { buildGraphModel } from '../../../shared/graph/graph-model';
import { layoutGraph, type LayoutEngine } from '../../../shared/graph/layout';
import { residualGraph } from './graph-synthetic';

const args = process.argv.slice(2);
const stackAt = args.indexOf('--stack-mb');
if (isMainThread && stackAt >= 0) {
  const worker = new Worker(new URL(import.meta.url), {
    argv: args.slice(0, 2),
    resourceLimits: { stackSizeMb: Number(args[stackAt + 1]) },
  });
  worker.on('error', (err) => {
    console.error(err);
    process.exitCode = 1;
  });
} else {
  const engine = args[0] as LayoutEngine;
  const target = Number(args[1]);
  const summary = residualGraph(target);
  const t0 = performance.now();
  const model = buildGraphModel(summary);
  const modelMs = performance.now() - t0;
  const t1 = performance.now();
  const layout = await layoutGraph(model, { engine });
  const ms = performance.now() - t1;
  // A layout that drops nodes or edges would look fast: check it placed everything.
  const placed = layout.nodes.filter((b) => b.width > 0).length;
  const routed = layout.edges.filter((p) => p.length >= 2).length;
  if (placed !== model.nodes.length || routed !== model.edges.length)
    throw new Error(`${engine}: placed ${placed}/${model.nodes.length} nodes, routed ${routed}/${model.edges.length} edges`);
  console.log(
    JSON.stringify({
      engine,
      ms,
      modelMs,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      nodes: model.nodes.length,
      edges: model.edges.length,
      width: layout.width,
      height: layout.height,
    }),
  );
}
