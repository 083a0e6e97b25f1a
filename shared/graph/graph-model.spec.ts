import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Attribute, ElemType, GraphSummary, NodeInfo, TensorInfo, ValueInfo } from '../model-summary';
import { buildGraphModel, OUTER_ID, type GraphModel } from './graph-model';
import { parseSubgraphPath } from './subgraph-path';

// Summaries are written by hand here so each case shows exactly what the reader would give.
const vi = (name: string, elem: ElemType, shape: Array<number | string>): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType: elem, shape, text: `${elem}[${shape.join(',')}]` },
});
const init = (name: string, dims: number[]): TensorInfo => ({
  name,
  dataType: 'float32',
  dims,
  elementCount: dims.reduce((a, b) => a * b, 1),
  byteLength: 4,
  location: { kind: 'empty' },
});
const node = (opType: string, name: string, inputs: string[], outputs: string[], attributes: Attribute[] = []): NodeInfo => ({
  opType,
  name,
  domain: '',
  inputs,
  outputs,
  attributes,
});
const graph = (g: Partial<GraphSummary> & { name: string }): GraphSummary => ({
  inputs: [],
  outputs: [],
  valueInfo: [],
  nodes: [],
  initializers: [],
  overridableInitializers: [],
  sparseInitializerCount: 0,
  ...g,
});
const edgeSet = (m: GraphModel) => m.edges.map((e) => `${e.from}->${e.to}:${e.tensor}`).sort();

// x → MatMul(W) → Add(B) → Relu → y, with h declared in value_info.
const mlp = graph({
  name: 'mlp',
  inputs: [vi('x', 'float32', ['batch', 4])],
  outputs: [vi('y', 'float32', ['batch', 8])],
  valueInfo: [vi('h', 'float32', ['batch', 8])],
  initializers: [init('W', [4, 8]), init('B', [8])],
  nodes: [node('MatMul', 'fc', ['x', 'W'], ['h']), node('Add', 'bias', ['h', 'B'], ['hb']), node('Relu', '', ['hb'], ['y'])],
});

describe('buildGraphModel', () => {
  it('makes graph inputs and outputs distinct nodes, with edges from producer to every consumer', () => {
    const m = buildGraphModel(mlp);
    expect(m.nodes.map((n) => `${n.id}|${n.kind}|${n.op ?? ''}|${n.name}`)).toEqual([
      'in:x|input||x',
      'n:0|op|MatMul|fc',
      'n:1|op|Add|bias',
      'n:2|op|Relu|',
      'out:y|output||y',
    ]);
    expect(edgeSet(m)).toEqual(['in:x->n:0:x', 'n:0->n:1:h', 'n:1->n:2:hb', 'n:2->out:y:y']);
    expect(m.dangling).toEqual([]);
  });

  it('labels edges with dtype and shape from inputs, outputs and value_info; unknown types stay empty', () => {
    const byTensor = Object.fromEntries(buildGraphModel(mlp).edges.map((e) => [e.tensor, e.label]));
    expect(byTensor).toEqual({ x: 'float32[batch,4]', h: 'float32[batch,8]', hb: '', y: 'float32[batch,8]' });
  });

  it('collapses initializers onto their consumers by default, or makes them nodes on request', () => {
    const collapsed = buildGraphModel(mlp);
    expect(collapsed.nodes.some((n) => n.kind === 'initializer')).toBe(false);
    expect(collapsed.nodes.find((n) => n.id === 'n:0')?.initializers).toEqual(['W']);
    expect(collapsed.nodes.find((n) => n.id === 'n:1')?.initializers).toEqual(['B']);
    expect(collapsed.nodes.find((n) => n.id === 'n:2')?.initializers).toBeUndefined();

    const asNodes = buildGraphModel(mlp, { initializers: 'nodes' });
    expect(asNodes.nodes.filter((n) => n.kind === 'initializer').map((n) => n.id)).toEqual(['init:W', 'init:B']);
    expect(asNodes.nodes.find((n) => n.id === 'n:0')?.initializers).toBeUndefined();
    // An initializer's edge is labelled from its dims when nothing else declares it.
    expect(asNodes.edges.filter((e) => e.from.startsWith('init:'))).toEqual([
      { from: 'init:W', to: 'n:0', tensor: 'W', label: 'float32[4,8]' },
      { from: 'init:B', to: 'n:1', tensor: 'B', label: 'float32[8]' },
    ]);
  });

  it('treats an initializer overridden by a graph input as that input', () => {
    const g = graph({
      name: 'g',
      inputs: [vi('x', 'float32', [2]), vi('k', 'float32', [2])],
      initializers: [init('k', [2])],
      outputs: [vi('y', 'float32', [2])],
      nodes: [node('Mul', 'm', ['x', 'k'], ['y'])],
    });
    const m = buildGraphModel(g, { initializers: 'nodes' });
    expect(m.nodes.some((n) => n.id === 'init:k')).toBe(false);
    expect(edgeSet(m)).toContain('in:k->n:0:k');
  });

  it('residual and repeated inputs: two edges into Add(a, b), one edge for Add(x, x); skips optional ""', () => {
    const g = graph({
      name: 'res',
      inputs: [vi('x', 'float32', [1])],
      outputs: [vi('y', 'float32', [1])],
      nodes: [
        node('Relu', 'r', ['x'], ['a']),
        node('Add', 'sq', ['a', 'a'], ['b']),
        node('Add', 'res', ['a', 'b'], ['c']),
        node('Clip', 'c', ['c', '', ''], ['y']),
      ],
    });
    const m = buildGraphModel(g);
    expect(m.edges.filter((e) => e.to === 'n:1')).toHaveLength(1);
    expect(
      m.edges
        .filter((e) => e.to === 'n:2')
        .map((e) => e.from)
        .sort(),
    ).toEqual(['n:0', 'n:1']);
    expect(m.edges.filter((e) => e.to === 'n:3').map((e) => e.tensor)).toEqual(['c']);
  });

  it('lists names produced by nothing in the main graph as dangling, without drawing them', () => {
    const g = graph({ name: 'g', outputs: [vi('y', 'float32', [1])], nodes: [node('Relu', 'r', ['ghost'], ['y'])] });
    const m = buildGraphModel(g);
    expect(m.dangling).toEqual(['ghost']);
    expect(m.edges).toEqual([{ from: 'n:0', to: 'out:y', tensor: 'y', label: 'float32[1]' }]);
  });

  describe('subgraphs', () => {
    const body = graph({
      name: 'body',
      inputs: [vi('i', 'int64', []), vi('c_in', 'bool', []), vi('v_in', 'float32', [2])],
      outputs: [vi('c_out', 'bool', []), vi('v_out', 'float32', [2])],
      initializers: [init('step', [2])],
      nodes: [
        node('Identity', '', ['c_in'], ['c_out']),
        node('Add', 'acc', ['v_in', 'step'], ['s']),
        node('Mul', 'scale', ['s', 'x'], ['v_out']),
      ],
    });
    const thenG = graph({ name: 'then', outputs: [vi('t', 'float32', [2])], nodes: [node('Relu', '', ['x'], ['t'])] });
    const elseG = graph({ name: 'else', outputs: [vi('e', 'float32', [2])], nodes: [node('Neg', '', ['x'], ['e'])] });
    const main = graph({
      name: 'cf',
      inputs: [vi('x', 'float32', [2]), vi('cond', 'bool', []), vi('trip', 'int64', [])],
      outputs: [vi('loop_out', 'float32', [2])],
      nodes: [
        node(
          'If',
          '',
          ['cond'],
          ['if_out'],
          [
            { name: 'then_branch', type: 'graph', value: thenG },
            { name: 'else_branch', type: 'graph', value: elseG },
          ],
        ),
        node('Loop', 'loop_1', ['trip', '', 'if_out'], ['loop_out'], [{ name: 'body', type: 'graph', value: body }]),
      ],
    });

    it('names the attributes that hold graphs on their nodes', () => {
      const m = buildGraphModel(main);
      expect(m.nodes.filter((n) => n.kind === 'op').map((n) => n.subgraphs)).toEqual([['then_branch', 'else_branch'], ['body']]);
    });

    it('selects a body by node name or id; outer-scope names come from one "outer" node, typed from the enclosing graph', () => {
      const m = buildGraphModel(main, { path: [{ node: 'loop_1', attribute: 'body' }] });
      expect(m.name).toBe('body');
      expect(m.nodes[0]).toEqual({ id: OUTER_ID, kind: 'outer', name: 'outer scope' });
      expect(m.edges.find((e) => e.from === OUTER_ID)).toEqual({ from: OUTER_ID, to: 'n:2', tensor: 'x', label: 'float32[2]' });
      expect(m.nodes.find((n) => n.id === 'n:1')?.initializers).toEqual(['step']);
      expect(m.dangling).toEqual([]);
      const byId = buildGraphModel(main, { path: [{ node: 'n:0', attribute: 'else_branch' }] });
      expect(byId.nodes.map((n) => n.op ?? n.id)).toEqual([OUTER_ID, 'Neg', 'out:e']);
    });

    it('explains a wrong path: unknown node, or an attribute that holds no graph', () => {
      const err = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          return e as AppError;
        }
        throw new Error('no error');
      };
      expect(err(() => buildGraphModel(main, { path: [{ node: 'nope', attribute: 'body' }] }))).toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/No node "nope"/),
      });
      expect(err(() => buildGraphModel(main, { path: [{ node: 'loop_1', attribute: 'then_branch' }] }))).toMatchObject({
        code: 'INVALID_REQUEST',
        hint: 'Its subgraphs: body.',
      });
    });

    it('parses node/attr paths whose node names contain slashes', () => {
      const slashed = graph({ ...main, nodes: [{ ...main.nodes[1]!, name: '/model/loop' }] });
      const nestedMain = graph({
        name: 'outer',
        nodes: [node('If', '/a/if', ['c'], ['o'], [{ name: 'then_branch', type: 'graph', value: slashed }])],
      });
      expect(parseSubgraphPath(nestedMain, '/a/if/then_branch//model/loop/body')).toEqual([
        { node: '/a/if', attribute: 'then_branch' },
        { node: '/model/loop', attribute: 'body' },
      ]);
      expect(() => parseSubgraphPath(main, 'loop_1/nobody')).toThrow(/Cannot find "loop_1\/nobody"/);
    });
  });

  it('builds a 50,000-node graph with residual skips correctly', () => {
    const nodes: NodeInfo[] = [];
    for (let i = 0; i < 50_000; i++) {
      const prev = i === 0 ? 'x' : `t${i - 1}`;
      // Every 4th node adds a skip from three nodes back: Map lookups, no scans, keep this linear.
      nodes.push(i % 4 === 3 ? node('Add', `n${i}`, [prev, `t${i - 3}`], [`t${i}`]) : node('Relu', `n${i}`, [prev], [`t${i}`]));
    }
    const g = graph({ name: 'big', inputs: [vi('x', 'float32', [1])], outputs: [vi('t49999', 'float32', [1])], nodes });
    const m = buildGraphModel(g);
    expect(m.nodes).toHaveLength(50_002);
    expect(m.edges).toHaveLength(50_000 + 12_500 + 1);
    expect(m.edges.filter((e) => e.to === 'n:7').map((e) => e.from)).toEqual(['n:6', 'n:4']);
  });
});
