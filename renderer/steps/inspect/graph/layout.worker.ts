// The graph view's layout, off the UI thread: builds the graph model from the reader's summary and
// lays it out with our layered layout (the bench in test/bench/graph.bench.ts chose it over elkjs
// and dagre; imported directly so the worker bundle carries neither library), then hands the boxes and edge points back as transferable typed arrays.
import { buildGraphModel } from '../../../../shared/graph/graph-model';
import { nodeSize } from '../../../../shared/graph/layout';
import { layeredLayout } from '../../../../shared/graph/layered-layout';
import { toErrorData } from '../../../../shared/errors';
import type { GraphSummary } from '../../../../shared/model-summary';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';
import { packLayout } from './scene';

// The last model's summary: a step into a subgraph (or back) sends only its path.
let held: { modelId: string; graph: GraphSummary } | null = null;

const reply = (msg: LayoutResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);

self.onmessage = (ev: MessageEvent<LayoutRequest>) => {
  const startedAt = performance.timeOrigin + performance.now();
  const req = ev.data;
  if (req.graphJson) held = { modelId: req.modelId, graph: JSON.parse(req.graphJson) as GraphSummary };
  if (!held || held.modelId !== req.modelId) return reply({ id: req.id, kind: 'need-graph' });
  try {
    const t0 = performance.now();
    const model = buildGraphModel(held.graph, { path: req.path, initializers: req.initializers });
    const t1 = performance.now();
    const layout = layeredLayout(model, nodeSize);
    const packed = packLayout(layout);
    const t2 = performance.now();
    reply(
      {
        id: req.id,
        kind: 'done',
        modelJson: JSON.stringify(model),
        ...packed,
        width: layout.width,
        height: layout.height,
        modelMs: t1 - t0,
        layoutMs: t2 - t1,
        startedAt,
        finishedAt: performance.timeOrigin + performance.now(),
      },
      [packed.boxes.buffer, packed.edgeStart.buffer, packed.points.buffer],
    );
  } catch (err) {
    reply({ id: req.id, kind: 'error', error: toErrorData(err) });
  }
};
