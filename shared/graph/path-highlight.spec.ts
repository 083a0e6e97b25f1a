import { describe, expect, it } from 'vitest';
import type { GraphSummary, NodeInfo, TensorInfo, ValueInfo } from '../model-summary';
import { buildGraphModel, type GraphModel } from './graph-model';
import { pathToNode } from './path-highlight';

const vi = (name: string): ValueInfo => ({ name, type: { kind: 'tensor', elemType: 'float32', shape: [1], text: 'float32[1]' } });
const init = (name: string): TensorInfo => ({
  name,
  dataType: 'float32',
  dims: [1],
  elementCount: 1,
  byteLength: 4,
  location: { kind: 'empty' },
});
const node = (opType: string, inputs: string[], outputs: string[]): NodeInfo => ({
  opType,
  name: outputs[0]!,
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
const edgeNames = (m: GraphModel, edges: Set<number>) =>
  [...edges].sort((a, b) => a - b).map((e) => `${m.edges[e]!.from}->${m.edges[e]!.to}`);

//        x            mask
//        |              |
//      n:0 Relu a     n:5 Not side
//      /     \          |
//  n:1 Conv b  |      (n:6 Identity y2 → out:y2)
//      \     /
//      n:2 Add c   ← residual
//      /     \
//  n:3 Relu y   n:4 Sigmoid z → out:z
const summary = graph({
  inputs: [vi('x'), vi('mask')],
  outputs: [vi('y'), vi('z'), vi('y2')],
  initializers: [init('w')],
  nodes: [
    node('Relu', ['x'], ['a']),
    node('Conv', ['a', 'w'], ['b']),
    node('Add', ['a', 'b'], ['c']),
    node('Relu', ['c'], ['y']),
    node('Sigmoid', ['c'], ['z']),
    node('Not', ['mask'], ['side']),
    node('Identity', ['side'], ['y2']),
  ],
});

describe('pathToNode', () => {
  it('a residual block: exactly the ancestors, both branches of the skip, and the edges between them', () => {
    const m = buildGraphModel(summary);
    const p = pathToNode(m, 'n:3');
    expect([...p.nodes].sort()).toEqual(['in:x', 'n:0', 'n:1', 'n:2', 'n:3']);
    expect(edgeNames(m, p.edges)).toEqual(['in:x->n:0', 'n:0->n:1', 'n:0->n:2', 'n:1->n:2', 'n:2->n:3']);
    // A sibling branch and an unrelated input stay out.
    expect(p.nodes.has('n:4')).toBe(false);
    expect(p.nodes.has('in:mask')).toBe(false);
  });

  it('an output node, an initializer node, a graph input, an unknown id', () => {
    const m = buildGraphModel(summary, { initializers: 'nodes' });
    expect([...pathToNode(m, 'out:y2').nodes].sort()).toEqual(['in:mask', 'n:5', 'n:6', 'out:y2']);
    expect([...pathToNode(m, 'n:1').nodes].sort()).toEqual(['in:x', 'init:w', 'n:0', 'n:1']);
    expect(pathToNode(m, 'in:x')).toEqual({ nodes: new Set(['in:x']), edges: new Set() });
    expect(pathToNode(m, 'n:99')).toEqual({ nodes: new Set(), edges: new Set() });
  });

  it('inside a subgraph: names from the enclosing graph come through the outer node', () => {
    const body = graph({ name: 'body', outputs: [vi('o')], nodes: [node('Add', ['p', 'outer_x'], ['o']), node('Relu', ['q'], ['p'])] });
    const main = graph({
      inputs: [vi('outer_x'), vi('q')],
      nodes: [{ ...node('Loop', ['n'], ['l']), attributes: [{ name: 'body', type: 'graph', value: body }] }],
    });
    const m = buildGraphModel(main, { path: [{ node: 'l', attribute: 'body' }] });
    expect([...pathToNode(m, 'n:0').nodes].sort()).toEqual(['n:0', 'n:1', 'outer']);
  });

  it('a 50,000-node chain: no stack overflow, every node, linear time', () => {
    const nodes: NodeInfo[] = [];
    for (let i = 0; i < 50_000; i++)
      nodes.push(node(i % 5 === 4 ? 'Add' : 'Relu', i % 5 === 4 ? [`t${i - 1}`, `t${i - 4}`] : [i ? `t${i - 1}` : 'x'], [`t${i}`]));
    const m = buildGraphModel(graph({ inputs: [vi('x')], outputs: [vi('t49999')], nodes }));
    const t = performance.now();
    const last = pathToNode(m, 'out:t49999');
    const ms = performance.now() - t;
    expect(last.nodes.size).toBe(50_002);
    expect(last.edges.size).toBe(m.edges.length);
    const mid = pathToNode(m, 'n:25000');
    expect(mid.nodes.size).toBe(25_002);
    expect(mid.nodes.has('n:25001')).toBe(false);
    expect(ms).toBeLessThan(2_000);
  });
});
