// Our own layered layout, for graphs where the libraries are too slow: longest-path layering,
// barycentric ordering, greedy x placement and straight edges. Every step is linear or n log n
// over typed arrays: no dummy nodes for long edges (the libraries' main cost on models with many
// skips), at the price of edges that may cross nodes.
import type { GraphModel, GraphNode } from './graph-model';

interface Point { x: number; y: number }
interface Box { x: number; y: number; width: number; height: number }
export interface Gaps { node: number; layer: number }

/** Compressed adjacency: neighbours of v are list[start[v] .. start[v+1]). */
function adjacency(n: number, from: Int32Array, to: Int32Array): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) start[from[e]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const list = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) list[fill[from[e]!]!++] = to[e]!;
  return { start, list };
}

export function layeredLayout(model: GraphModel, size: (n: GraphNode) => { width: number; height: number }, gaps: Gaps = { node: 24, layer: 48 }): { nodes: Box[]; edges: Point[][]; width: number; height: number } {
  const n = model.nodes.length;
  const at = new Map<string, number>();
  model.nodes.forEach((node, i) => at.set(node.id, i));
  const linked = model.edges.filter((e) => at.has(e.from) && at.has(e.to) && e.from !== e.to);
  const src = Int32Array.from(linked, (e) => at.get(e.from)!);
  const dst = Int32Array.from(linked, (e) => at.get(e.to)!);
  const succ = adjacency(n, src, dst);
  const pred = adjacency(n, dst, src);

  // Longest-path layering in Kahn's topological order. ONNX graphs are acyclic; a broken file with
  // a cycle still gets a picture: what Kahn never reaches goes below everything else.
  const layer = new Int32Array(n);
  const indeg = new Int32Array(n);
  for (let e = 0; e < dst.length; e++) indeg[dst[e]!]!++;
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

  // Layers as lists in model order, then barycentric sweeps (down on predecessors, up on
  // successors). Positions are fractions of the layer's width so that layers of different sizes
  // compare: a long edge has no dummy nodes to carry an index across the layers it skips.
  const layerCount = Math.max(0, ...layer) + 1;
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (let v = 0; v < n; v++) layers[layer[v]!]!.push(v);
  const pos = new Float64Array(n);
  const place = (l: number[]) => l.forEach((v, i) => (pos[v] = (i + 0.5) / l.length));
  layers.forEach(place);
  const bary = new Float64Array(n);
  for (let sweep = 0; sweep < 4; sweep++) {
    const adj = sweep % 2 === 0 ? pred : succ;
    const order = sweep % 2 === 0 ? layers : [...layers].reverse();
    for (const l of order) {
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

  // x: each node wants to be centred under its predecessors; a left-to-right pass keeps the gaps,
  // then the layer moves as a whole by the mean of what its nodes wanted, so a fan-out stays centred.
  const boxes: Box[] = model.nodes.map((node) => ({ x: 0, y: 0, ...size(node) }));
  let y = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (const l of layers) {
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
    y += height + gaps.layer;
  }
  if (n === 0) return { nodes: [], edges: model.edges.map(() => []), width: 0, height: 0 };
  for (const box of boxes) box.x -= minX;

  // Straight edges from the bottom centre of the producer to the top centre of the consumer.
  const edges = model.edges.map((e) => {
    const s = boxes[at.get(e.from) ?? -1];
    const t = boxes[at.get(e.to) ?? -1];
    return s && t ? [{ x: s.x + s.width / 2, y: s.y + s.height }, { x: t.x + t.width / 2, y: t.y }] : [];
  });
  return { nodes: boxes, edges, width: maxX - minX, height: Math.max(0, y - gaps.layer) };
}
