// The path from the graph's inputs to a selected node: its ancestors. Pure and iterative (a
// 50,000-node chain is 50,000 levels deep: recursion would overflow the stack), linear in the
// graph's size, with the reverse adjacency built once per model.
import type { GraphModel } from './graph-model';

interface Incoming {
  at: Map<string, number>;
  /** Edges into node v: edgeList[start[v] .. start[v + 1]), as indices into model.edges. */
  start: Int32Array;
  edgeList: Int32Array;
  from: Int32Array;
}

const cache = new WeakMap<GraphModel, Incoming>();

function incoming(model: GraphModel): Incoming {
  const hit = cache.get(model);
  if (hit) return hit;
  const at = new Map<string, number>();
  model.nodes.forEach((n, i) => at.set(n.id, i));
  const n = model.nodes.length;
  const m = model.edges.length;
  const from = new Int32Array(m).fill(-1);
  const to = new Int32Array(m).fill(-1);
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const edge = model.edges[e]!;
    from[e] = at.get(edge.from) ?? -1;
    to[e] = at.get(edge.to) ?? -1;
    if (to[e]! >= 0) start[to[e]! + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const edgeList = new Int32Array(start[n]!);
  for (let e = 0; e < m; e++) if (to[e]! >= 0) edgeList[fill[to[e]!]!++] = e;
  const built = { at, start, edgeList, from };
  cache.set(model, built);
  return built;
}

/** Node ids and edge indices (into model.edges) on any path from a graph input to `nodeId`: the
 *  node, every node it depends on, and every edge between them. Unknown id → both sets empty. */
export function pathToNode(model: GraphModel, nodeId: string): { nodes: Set<string>; edges: Set<number> } {
  const nodes = new Set<string>();
  const edges = new Set<number>();
  const { at, start, edgeList, from } = incoming(model);
  const target = at.get(nodeId);
  if (target === undefined) return { nodes, edges };
  const seen = new Uint8Array(model.nodes.length);
  const stack = [target];
  seen[target] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    nodes.add(model.nodes[v]!.id);
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      // Every edge into an ancestor lies on a path to the target, and its source is an ancestor.
      const e = edgeList[k]!;
      edges.add(e);
      const u = from[e]!;
      if (u >= 0 && !seen[u]) {
        seen[u] = 1;
        stack.push(u);
      }
    }
  }
  return { nodes, edges };
}
