// The graph the view draws and `modelcrate graph` prints, built from the reader's summary (never
// from weight bytes). Pure: the renderer's layout worker builds it too.
//
// Decisions:
// - Ids are stable and never names (names may be empty or repeated): `n:<index>` for the node at
//   that position in the graph, `in:<tensor>`, `out:<tensor>`, `init:<tensor>`, and `outer`.
// - A subgraph (If/Loop/Scan body) reads names of the enclosing graphs without declaring them.
//   Those come from one synthetic source node, `outer` (kind 'outer'), so the body still reads as
//   a connected picture; its edges carry the type known in the enclosing graphs. In the main graph
//   nothing is outside: a name produced by nothing is not drawn and is listed in `dangling`.
// - One edge per (producer, consumer, tensor): Add(x, x) is one arrow, not two on top of each other.
import type { GraphSummary, TensorInfo, TypeInfo } from '../model-summary';
import { opNodeId, resolveSubgraphPath, subgraphAttributes, type SubgraphStep } from './subgraph-path';

export type GraphNodeKind = 'op' | 'input' | 'output' | 'initializer' | 'outer';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** Op type and domain ('' = ai.onnx), for op nodes. */
  op?: string;
  domain?: string;
  /** The node's name (may be ''), or the tensor name for inputs, outputs and initializers. */
  name: string;
  /** Position in GraphSummary.nodes, for op nodes: the properties panel reads attributes there. */
  index?: number;
  /** Attribute names holding graphs (If: then_branch, else_branch; Loop/Scan: body). */
  subgraphs?: string[];
  /** Collapsed mode: initializers this node consumes, in input order. */
  initializers?: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  tensor: string;
  /** dtype and shape where known, e.g. "float32[N,8,32,32]"; '' when nothing declares the type. */
  label: string;
}

export interface GraphModel {
  /** Name of the graph shown (the subgraph's own name when a path is given). */
  name: string;
  path: SubgraphStep[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Names consumed but produced by nothing (only in the main graph: see the decisions above). */
  dangling: string[];
}

export interface GraphModelOptions {
  /** 'collapsed' (default): initializers are listed on their consumers; 'nodes': one node each. */
  initializers?: 'collapsed' | 'nodes';
  path?: readonly SubgraphStep[];
}

export const OUTER_ID = 'outer';

const tensorLabel = (t: TensorInfo): string => `${t.dataType}[${t.dims.join(',')}]`;
const typeLabel = (t: TypeInfo): string => (t.kind === 'unknown' ? '' : t.text);

/** Declarations of a graph by tensor name: value_info, then inputs/outputs, then initializers, then
 *  inferred shapes (a later one only where no earlier one said something). Labels are made per edge, lazily:
 *  a big model has far more initializers than edges that show them. */
function collectTypes(graph: GraphSummary, into: Map<string, TypeInfo | TensorInfo>): void {
  for (const list of [graph.valueInfo, graph.inputs, graph.outputs]) {
    for (const v of list) if (v.type.kind !== 'unknown' && !into.has(v.name)) into.set(v.name, v.type);
  }
  for (const t of graph.initializers) if (!into.has(t.name)) into.set(t.name, t);
  // The reader's own shape pass, for what the model leaves undeclared.
  for (const v of graph.inferred?.types ?? []) if (!into.has(v.name)) into.set(v.name, v.type);
}

export function buildGraphModel(root: GraphSummary, opts: GraphModelOptions = {}): GraphModel {
  const path = [...(opts.path ?? [])];
  const chain = resolveSubgraphPath(root, path);
  const graph = chain[chain.length - 1]!;
  const nested = chain.length > 1;
  const asNodes = opts.initializers === 'nodes';

  // Innermost declarations first: a body may shadow an outer name.
  const types = new Map<string, TypeInfo | TensorInfo>();
  for (let i = chain.length - 1; i >= 0; i--) collectTypes(chain[i]!, types);
  const label = (tensor: string) => {
    const t = types.get(tensor);
    return !t ? '' : 'dims' in t ? tensorLabel(t) : typeLabel(t);
  };

  const nodes: GraphNode[] = [];
  const producer = new Map<string, string>();
  for (const v of graph.inputs) {
    nodes.push({ id: `in:${v.name}`, kind: 'input', name: v.name });
    producer.set(v.name, `in:${v.name}`);
  }
  const initializers = new Set<string>();
  for (const t of graph.initializers) {
    // A graph input of the same name overrides the initializer (IR ≥ 4): the input is the source.
    if (producer.has(t.name)) continue;
    initializers.add(t.name);
    if (asNodes) {
      nodes.push({ id: `init:${t.name}`, kind: 'initializer', name: t.name });
      producer.set(t.name, `init:${t.name}`);
    }
  }
  graph.nodes.forEach((n, index) => {
    const node: GraphNode = { id: opNodeId(index), kind: 'op', op: n.opType, domain: n.domain, name: n.name, index };
    const subs = subgraphAttributes(n);
    if (subs.length) node.subgraphs = subs;
    nodes.push(node);
    for (const out of n.outputs) if (out) producer.set(out, node.id);
  });

  const edges: GraphEdge[] = [];
  const dangling = new Set<string>();
  let outerUsed = false;
  const connect = (tensor: string, to: GraphNode) => {
    let from = producer.get(tensor);
    if (!from && initializers.has(tensor)) {
      (to.initializers ??= []).push(tensor);
      return;
    }
    if (!from) {
      if (!nested) return void dangling.add(tensor);
      from = OUTER_ID;
      outerUsed = true;
    }
    edges.push({ from, to: to.id, tensor, label: label(tensor) });
  };

  for (const node of nodes) {
    if (node.kind !== 'op') continue;
    const inputs = graph.nodes[node.index!]!.inputs;
    // A name read twice by one node (Add(x, x)) is one edge: duplicates can only come from the
    // same node's input list, so a look back along it is enough (no global set of edge keys).
    inputs.forEach((input, i) => {
      if (input && inputs.indexOf(input) === i) connect(input, node);
    });
  }
  for (const v of graph.outputs) {
    const out: GraphNode = { id: `out:${v.name}`, kind: 'output', name: v.name };
    nodes.push(out);
    connect(v.name, out);
  }
  // Listed first so that it reads as the top of the picture in document order too.
  if (outerUsed) nodes.unshift({ id: OUTER_ID, kind: 'outer', name: 'outer scope' });
  return { name: graph.name, path, nodes, edges, dangling: [...dangling] };
}
