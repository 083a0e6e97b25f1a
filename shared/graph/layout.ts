// Layered (top-to-bottom) layout of a graph model. No DOM and no Node: the renderer runs it in a
// Web Worker. Three engines so the bench can compare them in one run (test/bench/graph.bench.ts):
// elkjs's layered algorithm, dagre, and our own longest-path layout (layered-layout.ts). The
// libraries are imported on demand: together they are 3.4 MB that a worker using ours never loads.
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphModel, GraphNode } from './graph-model';
import { layeredLayout } from './layered-layout';

export type LayoutEngine = 'elk' | 'dagre' | 'layered';

export interface Point {
  x: number;
  y: number;
}
/** Top-left corner and size, in the drawing's units (CSS pixels at zoom 1). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  engine: LayoutEngine;
  /** One box per model node, in model.nodes order (arrays transfer from a worker cheaply). */
  nodes: Box[];
  /** One polyline per model edge, in model.edges order, from the source's border to the target's. */
  edges: Point[][];
  width: number;
  height: number;
}

export interface LayoutOptions {
  engine: LayoutEngine;
}

export const NODE_GAP = 24;
export const LAYER_GAP = 48;

/** Box size from the label the view will draw: op type (or tensor name) and a second line for the
 *  node's name. Estimated from character counts: a worker has no canvas to measure text with. */
export function nodeSize(n: GraphNode): { width: number; height: number } {
  const title = n.kind === 'op' ? (n.op ?? '') : n.name;
  const sub = n.kind === 'op' ? n.name : '';
  const chars = Math.max(title.length, Math.min(sub.length, 32));
  return { width: Math.min(260, Math.max(64, chars * 7 + 20)), height: sub ? 40 : 28 };
}

export async function layoutGraph(model: GraphModel, opts: LayoutOptions): Promise<GraphLayout> {
  switch (opts.engine) {
    case 'elk':
      return elkLayout(model);
    case 'dagre':
      return dagreLayout(model);
    case 'layered':
      return { engine: 'layered', ...layeredLayout(model, nodeSize) };
  }
}

/** Edges whose ends are not drawn are skipped by the engines; they keep an empty polyline. */
function indexOf(model: GraphModel): Map<string, number> {
  const at = new Map<string, number>();
  model.nodes.forEach((n, i) => at.set(n.id, i));
  return at;
}

async function elkLayout(model: GraphModel): Promise<GraphLayout> {
  const at = indexOf(model);
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const edges = model.edges
    .map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] }))
    .filter((e) => at.has(e.sources[0]!) && at.has(e.targets[0]!));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': String(NODE_GAP),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
    },
    children: model.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
    edges,
  };
  const out = await elk.layout(graph);
  const nodes = model.nodes.map(() => ({ x: 0, y: 0, width: 0, height: 0 }));
  for (const c of out.children ?? []) nodes[at.get(c.id)!] = { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
  const polylines: Point[][] = model.edges.map(() => []);
  for (const e of out.edges ?? []) {
    const s = e.sections?.[0];
    if (s) polylines[Number(e.id.slice(1))] = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
  }
  return { engine: 'elk', nodes, edges: polylines, width: out.width ?? 0, height: out.height ?? 0 };
}

async function dagreLayout(model: GraphModel): Promise<GraphLayout> {
  const { default: dagre } = await import('@dagrejs/dagre');
  const at = indexOf(model);
  // A multigraph: two tensors between the same pair of nodes are two edges.
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: NODE_GAP, ranksep: LAYER_GAP });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of model.nodes) g.setNode(n.id, nodeSize(n));
  model.edges.forEach((e, i) => {
    if (at.has(e.from) && at.has(e.to)) g.setEdge(e.from, e.to, {}, `e${i}`);
  });
  dagre.layout(g);
  // dagre gives centres; the view draws from top-left corners.
  const nodes = model.nodes.map((n) => {
    const l = g.node(n.id) as { x: number; y: number; width: number; height: number };
    return { x: l.x - l.width / 2, y: l.y - l.height / 2, width: l.width, height: l.height };
  });
  const edges = model.edges.map((e, i) =>
    ((g.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points?: Point[] } | undefined)?.points ?? []).map((p) => ({ x: p.x, y: p.y })),
  );
  const label = g.graph() as { width?: number; height?: number };
  return { engine: 'dagre', nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}
