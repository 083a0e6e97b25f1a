// Search in the graph view: case-insensitive substring over node names, op types and tensor names.
// Pure (the renderer runs it on every keystroke, the tests on 50k-node models).
//
// Decisions:
// - One hit per node, for its best field (name > op > tensor): a search for "conv" on a PyTorch
//   export names "/layer1/conv/Conv" once, not three times, and next/previous steps node by node.
// - Tensors a node reads or writes are those of its edges, the initializers collapsed onto it, and,
//   for graph inputs, outputs and initializer nodes, the tensor they stand for (their name).
// - The lower-cased index is built once per model (WeakMap): typing re-scans flat arrays only.
import type { GraphModel } from './graph-model';

export interface SearchHit {
  nodeId: string;
  /** What matched: the node's name, its op type, or a tensor it reads or writes. */
  field: 'name' | 'op' | 'tensor';
  text: string;
}

interface SearchIndex {
  names: string[];
  ops: string[];
  /** Per node: the tensors it touches, original spelling and lower-cased, first occurrence first. */
  tensors: string[][];
  tensorsLower: string[][];
}

const indexes = new WeakMap<GraphModel, SearchIndex>();

function indexOf(model: GraphModel): SearchIndex {
  const cached = indexes.get(model);
  if (cached) return cached;
  const at = new Map<string, number>();
  const names: string[] = [];
  const ops: string[] = [];
  const tensors: string[][] = [];
  model.nodes.forEach((n, i) => {
    at.set(n.id, i);
    const isOp = n.kind === 'op';
    names.push(isOp ? n.name.toLowerCase() : '');
    ops.push(isOp ? (n.op ?? '').toLowerCase() : '');
    const own: string[] = [];
    if (n.kind === 'input' || n.kind === 'output' || n.kind === 'initializer') own.push(n.name);
    if (n.initializers) own.push(...n.initializers);
    tensors.push(own);
  });
  for (const e of model.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (a !== undefined) tensors[a]!.push(e.tensor);
    if (b !== undefined) tensors[b]!.push(e.tensor);
  }
  // A producer with many consumers lists its output once per edge: keep the first of each.
  for (let i = 0; i < tensors.length; i++) if (tensors[i]!.length > 1) tensors[i] = [...new Set(tensors[i])];
  const index = { names, ops, tensors, tensorsLower: tensors.map((t) => t.map((s) => s.toLowerCase())) };
  indexes.set(model, index);
  return index;
}

/** Hits in a stable order (graph order), at most `limit`. */
export function searchGraph(model: GraphModel, query: string, limit = 10_000): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q || limit <= 0) return [];
  const { names, ops, tensors, tensorsLower } = indexOf(model);
  const hits: SearchHit[] = [];
  for (let i = 0; i < model.nodes.length && hits.length < limit; i++) {
    const n = model.nodes[i]!;
    if (names[i]!.includes(q)) {
      hits.push({ nodeId: n.id, field: 'name', text: n.name });
      continue;
    }
    if (ops[i]!.includes(q)) {
      hits.push({ nodeId: n.id, field: 'op', text: n.op! });
      continue;
    }
    const lower = tensorsLower[i]!;
    for (let k = 0; k < lower.length; k++) {
      if (lower[k]!.includes(q)) {
        hits.push({ nodeId: n.id, field: 'tensor', text: tensors[i]![k]! });
        break;
      }
    }
  }
  return hits;
}
