// What the properties panel shows for one node of the graph view, worked out from the reader's
// summary. Pure (no React) so the formatting is unit-tested on its own.
import type { GraphModel, GraphNode } from '../../../../shared/graph/graph-model';
import { resolveSubgraphPath, type SubgraphStep } from '../../../../shared/graph/subgraph-path';
import type { Attribute, GraphSummary, ModelSummary, NodeInfo, TensorInfo, TypeInfo } from '../../../../shared/model-summary';
import type { JsonScalar } from '../../../../shared/tensors';

/** A list attribute shows this many items, then "… N more". */
export const MAX_LIST_ITEMS = 16;
/** A tensor attribute with at most this many values shows them after its dtype[dims]. */
const MAX_INLINE_VALUES = 8;

export interface AttributeRow {
  name: string;
  /** The ONNX attribute type: int, floats, tensor, graph… */
  type: string;
  text: string;
  /** Graph attributes: one step per graph held (a `graphs` attribute holds several). */
  subgraphs?: Array<{ step: SubgraphStep; label: string }>;
  /** A tensor attribute too big to show inline: its values are read on request. */
  preview?: { node: string; name: string; tensor: string };
}

export interface TensorRow {
  /** Position in the node's input/output list. */
  index: number;
  name: string;
  /** dtype and shape where known ("float32[N,3,32,32]"), '' when nothing declares it. */
  type: string;
  initializer?: TensorInfo;
  /** Why the shape is unknown, when the reader's shape pass could say ("Reshape with a shape computed at run time"). */
  unknown?: string;
  /** The tensor comes from a Constant node: its value, previewed like an initializer's. */
  constant?: { node: string; name: string; tensor: TensorInfo };
}

export type NodeDetails =
  | {
      kind: 'op';
      title: string;
      op: string;
      domain: string;
      name: string;
      docString?: string;
      attributes: AttributeRow[];
      inputs: TensorRow[];
      outputs: TensorRow[];
      /** Initializers this node reads, drawn collapsed onto it. */
      initializers: TensorInfo[];
    }
  | { kind: 'input' | 'output'; title: string; name: string; type: string; docString?: string }
  | { kind: 'initializer'; title: string; name: string; tensor: TensorInfo }
  | { kind: 'outer'; title: string; reads: TensorRow[] };

/** "3.5", "1e-05", "0.333333": short, but enough digits to tell values apart. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const s = v.toPrecision(6);
  // toPrecision pads ("0.500000", "1.00000e-5"); trim the zeros it added, keep an exponent.
  return s.includes('e') ? s.replace(/\.?0+e/, 'e') : s.replace(/\.?0+$/, '');
}

/** One value of a preview or an attribute, as text. */
export function formatScalar(v: JsonScalar, dtype?: string): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return dtype === 'string' ? JSON.stringify(v) : v; // "NaN", big int64
  return dtype === undefined || dtype.startsWith('float') || dtype === 'bfloat16' ? formatNumber(v) : String(v);
}

export function formatList(items: string[], max = MAX_LIST_ITEMS): string {
  if (items.length <= max) return `[${items.join(', ')}]`;
  return `[${items.slice(0, max).join(', ')}, … ${items.length - max} more]`;
}

export const tensorLabel = (t: Pick<TensorInfo, 'dataType' | 'dims'>): string => `${t.dataType}[${t.dims.join(',')}]`;

function tensorText(t: TensorInfo): string {
  const label = tensorLabel(t);
  if (!t.values || t.values.length > MAX_INLINE_VALUES) return label;
  return `${label} = ${formatList(t.values.map((v) => formatScalar(v, t.dataType)))}`;
}

/** How a node is named in a subgraph path: its name when unique in its graph, else its id. */
export function stepNodeRef(graph: GraphSummary, index: number): string {
  const name = graph.nodes[index]!.name;
  if (name && graph.nodes.filter((n) => n.name === name).length === 1) return name;
  return `n:${index}`;
}

export function formatAttribute(a: Attribute, nodeRef: string): AttributeRow {
  const row = (text: string): AttributeRow => ({
    name: a.name,
    type: a.type,
    text: a.refAttrName ? `refers to the function's attribute ${a.refAttrName}` : text,
  });
  switch (a.type) {
    case 'float':
      return row(formatNumber(a.value));
    case 'int':
      return row(String(a.value));
    case 'string':
      return row(JSON.stringify(a.value));
    case 'floats':
      return row(formatList(a.value.map(formatNumber)));
    case 'ints':
      return row(formatList(a.value.map(String)));
    case 'strings':
      return row(formatList(a.value.map((s) => JSON.stringify(s))));
    case 'tensor': {
      const inline = a.value.values !== undefined && a.value.values.length <= MAX_INLINE_VALUES;
      const r = row(tensorText(a.value));
      return inline || a.refAttrName || a.value.elementCount === 0
        ? r
        : { ...r, preview: { node: nodeRef, name: a.name, tensor: a.value.name || `${nodeRef}.${a.name}` } };
    }
    case 'tensors':
      return row(formatList(a.value.map(tensorLabel)));
    case 'graph':
    case 'graphs': {
      const graphs = a.type === 'graph' ? [a.value] : a.value;
      const text = graphs.map((g) => `graph "${g.name}" · ${g.nodes.length} node${g.nodes.length === 1 ? '' : 's'}`).join('; ');
      return {
        ...row(text),
        subgraphs: graphs.map((g, i) => ({
          step: a.type === 'graph' ? { node: nodeRef, attribute: a.name } : { node: nodeRef, attribute: a.name, index: i },
          label: a.type === 'graph' ? `Open ${a.name}` : `Open ${a.name}[${i}]`,
        })),
      };
    }
    default:
      return row(a.type === 'undefined' ? '—' : `${a.type.replace(/_/g, ' ')} (not shown)`);
  }
}

/** Type labels by tensor name, innermost graph first (a body may shadow an outer name). */
export function typeIndex(chain: GraphSummary[]): (tensor: string) => Omit<TensorRow, 'index' | 'name'> {
  const types = new Map<string, TypeInfo>();
  const inits = new Map<string, TensorInfo>();
  const inferred = new Map<string, TypeInfo>();
  const unknown = new Map<string, string>();
  const constants = new Map<string, TensorRow['constant']>();
  for (let i = chain.length - 1; i >= 0; i--) {
    const g = chain[i]!;
    for (const list of [g.valueInfo, g.inputs, g.outputs])
      for (const v of list) if (v.type.kind !== 'unknown' && !types.has(v.name)) types.set(v.name, v.type);
    for (const t of g.initializers) if (!inits.has(t.name)) inits.set(t.name, t);
    for (const v of g.inferred?.types ?? []) if (!inferred.has(v.name)) inferred.set(v.name, v.type);
    for (const u of g.inferred?.unknown ?? []) if (!unknown.has(u.name)) unknown.set(u.name, u.reason);
  }
  // Constants of the graph shown only: a preview names its node by a path into this graph.
  const g = chain[chain.length - 1]!;
  const names = new Map<string, number>();
  for (const n of g.nodes) if (n.name) names.set(n.name, (names.get(n.name) ?? 0) + 1);
  g.nodes.forEach((n, index) => {
    const value = n.opType === 'Constant' && !n.domain ? n.attributes.find((a) => a.name === 'value') : undefined;
    const out = n.outputs[0];
    if (value?.type !== 'tensor' || !out) return;
    const ref = n.name && names.get(n.name) === 1 ? n.name : `n:${index}`; // as stepNodeRef, without its scan per node
    constants.set(out, { node: ref, name: 'value', tensor: { ...value.value, name: value.value.name || out } });
  });
  return (tensor) => {
    const t = types.get(tensor);
    const init = inits.get(tensor);
    const constant = constants.get(tensor);
    // A declared type with no shape says less than the shape pass.
    const best = t && (t.kind !== 'tensor' || t.shape) ? t : (inferred.get(tensor) ?? t);
    const type = best ? best.text : init ? tensorLabel(init) : '';
    const reason = !best && !init ? unknown.get(tensor) : undefined;
    return { type, ...(init ? { initializer: init } : {}), ...(constant ? { constant } : {}), ...(reason ? { unknown: reason } : {}) };
  };
}

function opTitle(n: NodeInfo): string {
  return n.name || n.opType;
}

export function nodeDetails(summary: ModelSummary, graph: GraphModel, nodeId: string): NodeDetails | null {
  const node: GraphNode | undefined = graph.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const chain = resolveSubgraphPath(summary.graph, graph.path);
  const current = chain[chain.length - 1]!;
  const typeOf = typeIndex(chain);
  const rows = (names: string[]): TensorRow[] => names.map((name, index) => ({ index, name, ...typeOf(name) }));

  switch (node.kind) {
    case 'op': {
      const info = current.nodes[node.index!]!;
      const ref = stepNodeRef(current, node.index!);
      const own = new Map(current.initializers.map((t) => [t.name, t]));
      return {
        kind: 'op',
        title: opTitle(info),
        op: info.opType,
        domain: info.domain || 'ai.onnx',
        name: info.name,
        docString: info.docString,
        attributes: info.attributes.map((a) => formatAttribute(a, ref)),
        inputs: rows(info.inputs),
        outputs: rows(info.outputs),
        initializers: (node.initializers ?? []).map((n) => own.get(n)).filter((t): t is TensorInfo => t !== undefined),
      };
    }
    case 'input':
    case 'output': {
      const list = node.kind === 'input' ? current.inputs : current.outputs;
      const v = list.find((x) => x.name === node.name);
      return { kind: node.kind, title: node.name, name: node.name, type: v?.type.text ?? typeOf(node.name).type, docString: v?.docString };
    }
    case 'initializer': {
      const t = current.initializers.find((x) => x.name === node.name);
      return t ? { kind: 'initializer', title: t.name, name: t.name, tensor: t } : null;
    }
    case 'outer': {
      const read = [...new Set(graph.edges.filter((e) => e.from === node.id).map((e) => e.tensor))];
      return { kind: 'outer', title: 'Outer scope', reads: rows(read) };
    }
  }
}

/** Row-major position of the flat index `i` in a tensor of `dims`: "[0,2,1]". */
export function unravel(i: number, dims: number[]): string {
  if (dims.length === 0) return '[]';
  const at: number[] = new Array<number>(dims.length).fill(0);
  let rest = i;
  for (let d = dims.length - 1; d >= 0; d--) {
    const size = dims[d]! || 1;
    at[d] = rest % size;
    rest = Math.floor(rest / size);
  }
  return `[${at.join(',')}]`;
}
