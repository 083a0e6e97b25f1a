import { describe, expect, it } from 'vitest';
import type { GraphSummary, NodeInfo, TensorInfo, ValueInfo } from '../model-summary';
import { buildGraphModel } from './graph-model';
import { searchGraph } from './search';

const vi = (name: string): ValueInfo => ({ name, type: { kind: 'tensor', elemType: 'float32', shape: [1], text: 'float32[1]' } });
const init = (name: string): TensorInfo => ({
  name,
  dataType: 'float32',
  dims: [1],
  elementCount: 1,
  byteLength: 4,
  location: { kind: 'empty' },
});
const node = (opType: string, name: string, inputs: string[], outputs: string[]): NodeInfo => ({
  opType,
  name,
  domain: '',
  inputs,
  outputs,
  attributes: [],
});
const graph = (g: Partial<GraphSummary>): GraphSummary => ({
  name: 'g',
  inputs: [],
  outputs: [],
  valueInfo: [],
  nodes: [],
  initializers: [],
  overridableInitializers: [],
  sparseInitializerCount: 0,
  ...g,
});

// image → Conv(conv_w) "stem/conv" → Relu "stem/relu" → Conv "block/conv" → Add(residual) → Relu "" → logits
const residual = buildGraphModel(
  graph({
    inputs: [vi('image')],
    outputs: [vi('logits')],
    initializers: [init('conv_w'), init('block_w')],
    nodes: [
      node('Conv', 'stem/conv', ['image', 'conv_w'], ['stem_out']),
      node('Relu', 'stem/relu', ['stem_out'], ['act']),
      node('Conv', 'block/conv', ['act', 'block_w'], ['block_out']),
      node('Add', 'residual', ['act', 'block_out'], ['sum']),
      node('Relu', '', ['sum'], ['logits']),
    ],
  }),
);

const brief = (hits: ReturnType<typeof searchGraph>) => hits.map((h) => `${h.nodeId}|${h.field}|${h.text}`);

describe('searchGraph', () => {
  it('finds node names, case-insensitively, in graph order', () => {
    expect(brief(searchGraph(residual, 'STEM/'))).toEqual(['n:0|name|stem/conv', 'n:1|name|stem/relu']);
  });

  it('one hit per node, for its best field: name before op before tensor', () => {
    // "conv": two names, no node matched only by op; the tensor conv_w is on n:0, already a name hit.
    expect(brief(searchGraph(residual, 'conv'))).toEqual(['n:0|name|stem/conv', 'n:2|name|block/conv']);
    // "relu": n:1 by name; n:4 has no name, so by op.
    expect(brief(searchGraph(residual, 'relu'))).toEqual(['n:1|name|stem/relu', 'n:4|op|Relu']);
    // "add": the Add node is named "residual", so it is found by its op.
    expect(brief(searchGraph(residual, 'add'))).toEqual(['n:3|op|Add']);
  });

  it('finds tensors: on edges (both ends), collapsed initializers on their consumer, graph inputs and outputs', () => {
    expect(brief(searchGraph(residual, 'act'))).toEqual(['n:1|tensor|act', 'n:2|tensor|act', 'n:3|tensor|act']);
    expect(brief(searchGraph(residual, 'block_w'))).toEqual(['n:2|tensor|block_w']);
    expect(brief(searchGraph(residual, 'image'))).toEqual(['in:image|tensor|image', 'n:0|tensor|image']);
    expect(brief(searchGraph(residual, 'logits'))).toEqual(['n:4|tensor|logits', 'out:logits|tensor|logits']);
    const asNodes = buildGraphModel(
      graph({ inputs: [vi('x')], initializers: [init('w')], nodes: [node('Mul', 'm', ['x', 'w'], ['y'])], outputs: [vi('y')] }),
      { initializers: 'nodes' },
    );
    expect(brief(searchGraph(asNodes, 'w'))).toEqual(['init:w|tensor|w', 'n:0|tensor|w']);
  });

  it('empty or blank queries find nothing; the limit cuts in graph order; trims the query', () => {
    expect(searchGraph(residual, '')).toEqual([]);
    expect(searchGraph(residual, '   ')).toEqual([]);
    expect(searchGraph(residual, 'zzz')).toEqual([]);
    expect(brief(searchGraph(residual, ' relu ', 1))).toEqual(['n:1|name|stem/relu']);
  });

  it('50,000 nodes: every Add found by op once, in order, quickly, and again faster from the cached index', () => {
    const nodes: NodeInfo[] = [];
    for (let i = 0; i < 50_000; i++) nodes.push(node(i % 2 ? 'Add' : 'Relu', `layer${i}`, [i ? `t${i - 1}` : 'x'], [`t${i}`]));
    const m = buildGraphModel(graph({ inputs: [vi('x')], outputs: [vi('t49999')], nodes }));
    let t = performance.now();
    const adds = searchGraph(m, 'add', 100_000);
    const first = performance.now() - t;
    expect(adds).toHaveLength(25_000);
    expect(adds[0]).toEqual({ nodeId: 'n:1', field: 'op', text: 'Add' });
    expect(adds.every((h, k) => h.nodeId === `n:${2 * k + 1}`)).toBe(true);
    t = performance.now();
    expect(brief(searchGraph(m, 'layer4999'))).toEqual([
      'n:4999|name|layer4999',
      ...Array.from({ length: 10 }, (_, k) => `n:${49_990 + k}|name|layer${49_990 + k}`),
    ]);
    expect(brief(searchGraph(m, 't49999'))).toEqual(['n:49999|tensor|t49999', 'out:t49999|tensor|t49999']);
    const again = performance.now() - t;
    // Generous for a loaded machine; quadratic work would take minutes here.
    expect(first).toBeLessThan(2_000);
    expect(again).toBeLessThan(500);
  });
});
