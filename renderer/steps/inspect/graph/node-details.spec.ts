import { describe, expect, it } from 'vitest';
import { buildGraphModel } from '../../../../shared/graph/graph-model';
import type { GraphSummary, ModelSummary, NodeInfo, TensorInfo } from '../../../../shared/model-summary';
import { formatAttribute, formatList, formatNumber, formatScalar, nodeDetails, stepNodeRef, unravel } from './node-details';

const tensor = (name: string, dims: number[], extra: Partial<TensorInfo> = {}): TensorInfo => ({
  name,
  dataType: 'float32',
  dims,
  elementCount: dims.reduce((a, b) => a * b, 1),
  byteLength: 4 * dims.reduce((a, b) => a * b, 1),
  location: { kind: 'raw', offset: 100, length: 4 },
  ...extra,
});
const graph = (name: string, nodes: NodeInfo[], extra: Partial<GraphSummary> = {}): GraphSummary => ({
  name,
  inputs: [],
  outputs: [],
  valueInfo: [],
  nodes,
  initializers: [],
  overridableInitializers: [],
  sparseInitializerCount: 0,
  ...extra,
});
const node = (opType: string, name: string, inputs: string[], outputs: string[], attributes: NodeInfo['attributes'] = []): NodeInfo => ({
  opType,
  name,
  domain: '',
  inputs,
  outputs,
  attributes,
});
const f32 = (shape: Array<number | string>) => ({
  kind: 'tensor' as const,
  elemType: 'float32' as const,
  shape,
  text: `float32[${shape.join(',')}]`,
});

describe('formatting', () => {
  it('numbers are short but keep what tells them apart', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(1 / 3)).toBe('0.333333');
    expect(formatNumber(1e-5)).toBe('0.00001');
    expect(formatNumber(1.5e-7)).toBe('1.5e-7');
    expect(formatNumber(123456789.5)).toBe('1.23457e+8');
    expect(formatNumber(-765611936652984300)).toBe('-7.65612e+17'); // an int64 mean: digits it does not have
    expect(formatScalar('9007199254740993', 'int64')).toBe('9007199254740993');
    expect(formatScalar('NaN', 'float32')).toBe('NaN');
    expect(formatScalar('a"b', 'string')).toBe('"a\\"b"');
    expect(formatScalar(true, 'bool')).toBe('true');
    expect(formatScalar(2147483647, 'int32')).toBe('2147483647');
    expect(formatScalar(2 ** -16, 'float8e5m2')).toBe('0.0000152588');
  });
  it('long lists say how many more', () => {
    expect(formatList(['1', '2'])).toBe('[1, 2]');
    expect(
      formatList(
        Array.from({ length: 20 }, (_, i) => String(i)),
        3,
      ),
    ).toBe('[0, 1, 2, … 17 more]');
  });
  it('row-major indices', () => {
    expect(unravel(0, [2, 3])).toBe('[0,0]');
    expect(unravel(5, [2, 3])).toBe('[1,2]');
    expect(unravel(7, [2, 2, 2])).toBe('[1,1,1]');
    expect(unravel(0, [])).toBe('[]');
  });
  it('attributes by type: ints, floats, strings, tensors as dtype[dims], graphs with their steps', () => {
    expect(formatAttribute({ name: 'pads', type: 'ints', value: [1, 1, 1, 1] }, 'conv')).toMatchObject({
      text: '[1, 1, 1, 1]',
      type: 'ints',
    });
    expect(formatAttribute({ name: 'alpha', type: 'float', value: 0.009999999776482582 }, 'x').text).toBe('0.01');
    expect(formatAttribute({ name: 'mode', type: 'string', value: 'constant' }, 'x').text).toBe('"constant"');
    expect(formatAttribute({ name: 'value', type: 'tensor', value: tensor('v', [2], { values: [1, 2.5] }) }, 'x').text).toBe(
      'float32[2] = [1, 2.5]',
    );
    expect(formatAttribute({ name: 'value', type: 'tensor', value: tensor('v', [2], { values: [1, 2.5] }) }, 'x').preview).toBeUndefined();
    // Too many values to show inline: read on request, by the node and attribute holding them.
    expect(formatAttribute({ name: 'value', type: 'tensor', value: tensor('', [64, 3]) }, 'n:2')).toMatchObject({
      text: 'float32[64,3]',
      preview: { node: 'n:2', name: 'value', tensor: 'n:2.value' },
    });
    const body = graph('loop_body', [node('Add', 'a', [], []), node('Mul', 'm', [], [])]);
    expect(formatAttribute({ name: 'body', type: 'graph', value: body }, 'n:4')).toEqual({
      name: 'body',
      type: 'graph',
      text: 'graph "loop_body" · 2 nodes',
      subgraphs: [{ step: { node: 'n:4', attribute: 'body' }, label: 'Open body' }],
    });
    expect(formatAttribute({ name: 'gs', type: 'graphs', value: [body, body] }, 'k').subgraphs?.map((s) => s.step)).toEqual([
      { node: 'k', attribute: 'gs', index: 0 },
      { node: 'k', attribute: 'gs', index: 1 },
    ]);
  });
  it('a node is named in a path by its name when unique, else by its id', () => {
    const g = graph('g', [node('If', 'same', [], []), node('If', 'same', [], []), node('Loop', 'loop', [], []), node('If', '', [], [])]);
    expect([0, 1, 2, 3].map((i) => stepNodeRef(g, i))).toEqual(['n:0', 'n:1', 'loop', 'n:3']);
  });
});

describe('nodeDetails', () => {
  const thenG = graph('then', [node('Add', 'then_add', ['x', 'then_w'], ['t'])], {
    initializers: [tensor('then_w', [2])],
    outputs: [{ name: 't', type: f32([2]) }],
  });
  const main = graph(
    'main',
    [
      node('Conv', 'conv1', ['image', 'w', 'b'], ['c1'], [{ name: 'kernel_shape', type: 'ints', value: [3, 3] }]),
      node(
        'If',
        'branch',
        ['cond'],
        ['y'],
        [
          { name: 'then_branch', type: 'graph', value: thenG },
          { name: 'else_branch', type: 'graph', value: thenG },
        ],
      ),
    ],
    {
      inputs: [
        { name: 'image', type: f32(['N', 3, 8, 8]) },
        { name: 'cond', type: { kind: 'tensor', elemType: 'bool', shape: [], text: 'bool[]' } },
      ],
      outputs: [{ name: 'y', type: f32([2]) }],
      valueInfo: [{ name: 'c1', type: f32(['N', 4, 8, 8]) }],
      initializers: [tensor('w', [4, 3, 3, 3]), tensor('b', [4])],
    },
  );
  const summary = { graph: main } as ModelSummary;

  it('an op: attributes, inputs and outputs typed, its collapsed initializers', () => {
    const d = nodeDetails(summary, buildGraphModel(main), 'n:0');
    expect(d).toMatchObject({
      kind: 'op',
      title: 'conv1',
      op: 'Conv',
      domain: 'ai.onnx',
      attributes: [{ name: 'kernel_shape', text: '[3, 3]' }],
    });
    if (d?.kind !== 'op') return;
    expect(d.inputs.map((r) => [r.name, r.type, !!r.initializer])).toEqual([
      ['image', 'float32[N,3,8,8]', false],
      ['w', 'float32[4,3,3,3]', true],
      ['b', 'float32[4]', true],
    ]);
    expect(d.outputs).toEqual([{ index: 0, name: 'c1', type: 'float32[N,4,8,8]' }]);
    expect(d.initializers.map((t) => t.name)).toEqual(['w', 'b']);
  });
  it('an If: one step per branch; inside the branch, outer names keep their types', () => {
    const d = nodeDetails(summary, buildGraphModel(main), 'n:1');
    if (d?.kind !== 'op') throw new Error('expected an op');
    expect(d.attributes.map((a) => a.subgraphs?.[0]?.step)).toEqual([
      { node: 'branch', attribute: 'then_branch' },
      { node: 'branch', attribute: 'else_branch' },
    ]);
    const inner = buildGraphModel(main, { path: [{ node: 'branch', attribute: 'then_branch' }] });
    const add = nodeDetails(summary, inner, 'n:0');
    if (add?.kind !== 'op') throw new Error('expected an op');
    expect(add.initializers.map((t) => t.name)).toEqual(['then_w']);
    expect(nodeDetails(summary, inner, 'outer')).toMatchObject({ kind: 'outer', reads: [{ name: 'x', type: '' }] });
  });
  it('inputs, outputs and initializer nodes: the tensor and its type', () => {
    const m = buildGraphModel(main, { initializers: 'nodes' });
    expect(nodeDetails(summary, m, 'in:image')).toMatchObject({ kind: 'input', type: 'float32[N,3,8,8]' });
    expect(nodeDetails(summary, m, 'out:y')).toMatchObject({ kind: 'output', type: 'float32[2]' });
    expect(nodeDetails(summary, m, 'init:w')).toMatchObject({ kind: 'initializer', tensor: { dims: [4, 3, 3, 3] } });
    expect(nodeDetails(summary, m, 'n:99')).toBeNull();
  });
});
