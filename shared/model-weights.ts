// The model's weights, wherever the exporter put them: graph initializers, and the values of
// Constant nodes (value, value_float(s), value_int(s)), in the main graph and inside every If/Loop/
// Scan body at any depth. Paddle, spox and many PyTorch exports keep all their weights in Constants,
// so counting initializers alone says "0 parameters" for a 10 MB model and a diff that hashes only
// initializers calls two different models the same. Pure over the summary: no bytes are read here.
import type { ElemType, GraphSummary, NodeInfo, TensorInfo } from './model-summary';

export interface Weight {
  /**
   * Stable across versions of one model: the initializer's name, or the Constant's output name
   * (names are unique within a graph), prefixed inside a body with the steps that lead to it
   * (`<node>/<attribute>/`, the node by name, or `n:<index>` when unnamed or repeated).
   */
  id: string;
  source: 'initializer' | 'constant';
  dataType: ElemType;
  dims: number[];
  elementCount: number;
  byteLength: number;
  /** Where the bytes are, for an initializer or a Constant's `value` tensor. */
  tensor?: TensorInfo;
  /** value_float(s) / value_int(s): the values themselves (they are in the summary already). */
  inline?: Array<number | string>;
}

export interface WeightStats {
  /** Weights counted (initializers + Constant values, every graph). */
  count: number;
  initializers: number;
  constants: number;
  /** Elements over every numeric weight (strings are not parameters). */
  parameterCount: number;
  /** Bytes the values take. */
  bytes: number;
  /**
   * The element type holding ≥ 95 % of the bytes of the floating-point and low-bit integer weights
   * (int64/int32 shape and index constants are not a precision), else 'mixed'; 'none' without such weights.
   */
  precision: ElemType | 'mixed' | 'none';
}

/** Every weight of the graph and its bodies, main graph first, in file order. Iterative: bodies nest deep. */
export function modelWeights(main: GraphSummary): Weight[] {
  const out: Weight[] = [];
  const stack: Array<{ graph: GraphSummary; prefix: string }> = [{ graph: main, prefix: '' }];
  while (stack.length) {
    const { graph, prefix } = stack.shift()!;
    for (const t of graph.initializers) out.push(fromTensor(prefix + t.name, 'initializer', t));
    const ids = nodeIds(graph.nodes);
    graph.nodes.forEach((n, i) => {
      const w = constantWeight(n, prefix);
      if (w) out.push(w);
      for (const a of n.attributes) {
        const subs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
        subs.forEach((g, k) => stack.push({ graph: g, prefix: `${prefix}${ids[i]}/${a.name}${a.type === 'graphs' ? `[${k}]` : ''}/` }));
      }
    });
  }
  return out;
}

export function weightStats(weights: readonly Weight[]): WeightStats {
  const byType = new Map<ElemType, number>();
  let parameterCount = 0;
  let bytes = 0;
  let precisionBytes = 0;
  let initializers = 0;
  for (const w of weights) {
    if (w.source === 'initializer') initializers++;
    bytes += w.byteLength;
    if (w.dataType !== 'string') parameterCount += w.elementCount;
    if (PRECISION_TYPES.has(w.dataType)) {
      byType.set(w.dataType, (byType.get(w.dataType) ?? 0) + w.byteLength);
      precisionBytes += w.byteLength;
    }
  }
  let precision: WeightStats['precision'] = precisionBytes > 0 ? 'mixed' : 'none';
  for (const [type, n] of byType) if (precisionBytes > 0 && n >= 0.95 * precisionBytes) precision = type;
  return { count: weights.length, initializers, constants: weights.length - initializers, parameterCount, bytes, precision };
}

const PRECISION_TYPES: ReadonlySet<ElemType> = new Set<ElemType>([
  'float32',
  'float16',
  'bfloat16',
  'float64',
  'int8',
  'uint8',
  'int4',
  'uint4',
  'int2',
  'uint2',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'float4e2m1',
  'float8e8m0',
]);

const ELEMENT_BYTES = { float32: 4, int64: 8 } as const;

function constantWeight(n: NodeInfo, prefix: string): Weight | undefined {
  if (n.opType !== 'Constant' || (n.domain !== '' && n.domain !== 'ai.onnx')) return undefined;
  const name = n.outputs[0];
  if (!name) return undefined;
  const id = prefix + name;
  for (const a of n.attributes) {
    switch (a.type) {
      case 'tensor':
        if (a.name === 'value') return fromTensor(id, 'constant', a.value);
        break;
      case 'float':
        if (a.name === 'value_float') return inline(id, 'float32', [], [a.value]);
        break;
      case 'floats':
        if (a.name === 'value_floats') return inline(id, 'float32', [a.value.length], a.value);
        break;
      case 'int':
        if (a.name === 'value_int') return inline(id, 'int64', [], [a.value]);
        break;
      case 'ints':
        if (a.name === 'value_ints') return inline(id, 'int64', [a.value.length], a.value);
        break;
    }
  }
  return undefined; // value_string(s), sparse_value: not counted (strings are not parameters; sparse is not decoded)
}

function fromTensor(id: string, source: Weight['source'], t: TensorInfo): Weight {
  return { id, source, dataType: t.dataType, dims: t.dims, elementCount: t.elementCount, byteLength: t.byteLength, tensor: t };
}

function inline(id: string, dataType: 'float32' | 'int64', dims: number[], values: Array<number | string>): Weight {
  return {
    id,
    source: 'constant',
    dataType,
    dims,
    elementCount: values.length,
    byteLength: values.length * ELEMENT_BYTES[dataType],
    inline: values,
  };
}

/** A node's id in a path: its name when it is the only node so named, else its position. */
function nodeIds(nodes: readonly NodeInfo[]): string[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
  return nodes.map((n, i) => (n.name && counts.get(n.name) === 1 ? n.name : `n:${i}`));
}
