// Our own layered layout, for graphs where the libraries are too slow: longest-path layering,
// dummy nodes along long edges, barycentric ordering, greedy x placement. Every step is linear or
// n log n over typed arrays, and nothing recurses (the libraries overflow the stack on deep graphs).
import type { GraphModel, GraphNode } from './graph-model';
import type { Box, Point } from './layout';

export interface Gaps {
  node: number;
  layer: number;
}
interface Adjacency {
  start: Int32Array;
  list: Int32Array;
}

/** Edges spanning more layers than this are drawn straight instead of getting a dummy per layer:
 *  a tensor read by every layer of a 50k-node graph would otherwise add billions of dummies. */
const MAX_SPAN = 64;
const DUMMY_WIDTH = 8;

/** Compressed adjacency: neighbours of v are list[start[v] .. start[v+1]). */
function adjacency(n: number, from: ArrayLike<number>, to: ArrayLike<number>): Adjacency {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) start[from[e]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const list = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) list[fill[from[e]!]!++] = to[e]!;
  return { start, list };
}

/** Longest-path layers in Kahn's topological order. ONNX graphs are acyclic; a broken file with a
 *  cycle still gets a picture: what Kahn never reaches goes below everything else. */
function layering(n: number, succ: Adjacency, pred: Adjacency): Int32Array {
  const layer = new Int32Array(n);
  const indeg = new Int32Array(n);
  for (let v = 0; v < n; v++) indeg[v] = pred.start[v + 1]! - pred.start[v]!;
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue[tail++] = v;
  while (head < tail) {
    const v = queue[head++]!;
    for (let k = succ.start[v]!; k < succ.start[v + 1]!; k++) {
      const w = succ.list[k]!;
      if (layer[v]! + 1 > layer[w]!) layer[w] = layer[v]! + 1;
      if (--indeg[w]! === 0) queue[tail++] = w;
    }
  }
  let depth = 0;
  for (let v = 0; v < n; v++) depth = Math.max(depth, layer[v]!);
  for (let v = 0; v < n; v++) if (indeg[v]! > 0) layer[v] = depth + 1;
  // Sources (inputs, initializers, 'outer') sit just above their first consumer, not all at the top.
  for (let v = 0; v < n; v++) {
    if (pred.start[v + 1]! > pred.start[v]! || succ.start[v + 1] === succ.start[v]) continue;
    let min = Infinity;
    for (let k = succ.start[v]!; k < succ.start[v + 1]!; k++) min = Math.min(min, layer[succ.list[k]!]!);
    layer[v] = Math.max(0, min - 1);
  }
  return layer;
}

/** Barycentric sweeps, down on predecessors then up on successors. Positions are fractions of the
 *  layer's width so layers of different sizes compare. */
function order(layers: number[][], total: number, succ: Adjacency, pred: Adjacency): void {
  const pos = new Float64Array(total);
  const place = (l: number[]) => l.forEach((v, i) => (pos[v] = (i + 0.5) / l.length));
  layers.forEach(place);
  const bary = new Float64Array(total);
  for (let sweep = 0; sweep < 4; sweep++) {
    const adj = sweep % 2 === 0 ? pred : succ;
    for (const l of sweep % 2 === 0 ? layers : [...layers].reverse()) {
      for (const v of l) {
        const a = adj.start[v]!;
        const b = adj.start[v + 1]!;
        let sum = 0;
        for (let k = a; k < b; k++) sum += pos[adj.list[k]!]!;
        bary[v] = b > a ? sum / (b - a) : pos[v]!;
      }
      l.sort((x, y) => bary[x]! - bary[y]! || pos[x]! - pos[y]!);
      place(l);
    }
  }
}

export function layeredLayout(
  model: GraphModel,
  size: (n: GraphNode) => { width: number; height: number },
  gaps: Gaps = { node: 24, layer: 48 },
): { nodes: Box[]; edges: Point[][]; width: number; height: number } {
  const n = model.nodes.length;
  if (n === 0) return { nodes: [], edges: model.edges.map(() => []), width: 0, height: 0 };
  const at = new Map<string, number>();
  model.nodes.forEach((node, i) => at.set(node.id, i));
  const ends = model.edges.map((e) => [at.get(e.from) ?? -1, at.get(e.to) ?? -1] as const);
  const linked = ends.filter(([s, t]) => s >= 0 && t >= 0 && s !== t);
  const layer = layering(
    n,
    adjacency(
      n,
      linked.map((e) => e[0]),
      linked.map((e) => e[1]),
    ),
    adjacency(
      n,
      linked.map((e) => e[1]),
      linked.map((e) => e[0]),
    ),
  );

  // A long edge becomes a chain through one dummy per layer it crosses, so ordering and placement
  // make room for it beside the nodes it passes (a residual skip runs beside its block, not through it).
  const layerOf = Array.from(layer);
  const from: number[] = [];
  const to: number[] = [];
  const chains = ends.map(([s, t]): number[] => {
    if (s < 0 || t < 0 || s === t) return [];
    const chain: number[] = [];
    let prev = s;
    if (layer[t]! - layer[s]! <= MAX_SPAN) {
      for (let l = layer[s]! + 1; l < layer[t]!; l++) {
        chain.push(layerOf.length);
        layerOf.push(l);
        from.push(prev);
        to.push((prev = layerOf.length - 1));
      }
    }
    from.push(prev);
    to.push(t);
    return chain;
  });
  const total = layerOf.length;
  const succ = adjacency(total, from, to);
  const pred = adjacency(total, to, from);
  let layerCount = 0;
  for (const l of layerOf) layerCount = Math.max(layerCount, l + 1);
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (let v = 0; v < total; v++) layers[layerOf[v]!]!.push(v);
  order(layers, total, succ, pred);

  // x: each node wants to be centred under its predecessors; a left-to-right pass keeps the gaps,
  // then the layer moves as a whole by the mean of what its nodes wanted, so a fan-out stays centred.
  const boxes: Box[] = model.nodes.map((node) => ({ x: 0, y: 0, ...size(node) }));
  for (let v = n; v < total; v++) boxes.push({ x: 0, y: 0, width: DUMMY_WIDTH, height: 0 });
  const layerTop = new Float64Array(layerCount);
  const layerHeight = new Float64Array(layerCount);
  let y = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  layers.forEach((l, li) => {
    let right = -Infinity;
    let drift = 0;
    let height = 0;
    for (const v of l) {
      const box = boxes[v]!;
      const a = pred.start[v]!;
      const b = pred.start[v + 1]!;
      let want = right === -Infinity ? 0 : right + gaps.node + box.width / 2;
      if (b > a) {
        let sum = 0;
        for (let k = a; k < b; k++) sum += boxes[pred.list[k]!]!.x + boxes[pred.list[k]!]!.width / 2;
        want = sum / (b - a);
      }
      box.x = Math.max(want - box.width / 2, right + gaps.node);
      drift += want - (box.x + box.width / 2);
      right = box.x + box.width;
      height = Math.max(height, box.height);
    }
    const shift = l.length ? drift / l.length : 0;
    for (const v of l) {
      const box = boxes[v]!;
      box.x += shift;
      box.y = y + (height - box.height) / 2;
      minX = Math.min(minX, box.x);
      maxX = Math.max(maxX, box.x + box.width);
    }
    layerTop[li] = y;
    layerHeight[li] = height;
    y += height + gaps.layer;
  });
  for (const box of boxes) box.x -= minX;

  // Producer's bottom centre, down through each dummy's layer, to the consumer's top centre.
  const edges = ends.map(([s, t], k): Point[] => {
    if (s < 0 || t < 0) return [];
    const a = boxes[s]!;
    const b = boxes[t]!;
    const points = [{ x: a.x + a.width / 2, y: a.y + a.height }];
    for (const d of chains[k]!) {
      const x = boxes[d]!.x + DUMMY_WIDTH / 2;
      points.push({ x, y: layerTop[layerOf[d]!]! }, { x, y: layerTop[layerOf[d]!]! + layerHeight[layerOf[d]!]! });
    }
    points.push({ x: b.x + b.width / 2, y: b.y });
    return points;
  });
  return { nodes: boxes.slice(0, n), edges, width: maxX - minX, height: Math.max(0, y - gaps.layer) };
}
