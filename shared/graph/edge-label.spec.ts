import { describe, expect, it } from 'vitest';
import type { GraphSummary, NodeInfo, ValueInfo } from '../model-summary';
import { edgeLabelAnchor, edgeLabelFractions } from './edge-label';
import { buildGraphModel } from './graph-model';
import { layeredLayout } from './layered-layout';
import { nodeSize } from './layout';
import { graphToSvg } from './svg-export';

const vi = (name: string, text = 'float32[1,64]'): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType: 'float32', shape: [1, 64], text },
});
const node = (opType: string, inputs: string[], outputs: string[]): NodeInfo => ({
  opType,
  name: outputs[0]!,
  domain: '',
  inputs,
  outputs,
  attributes: [],
});

describe('edgeLabelAnchor', () => {
  it('is the given share of the way along the polyline, by length', () => {
    expect(edgeLabelAnchor([0, 0, 0, 90], 0, 2, 1 / 3)).toEqual({ x: 0, y: 30 });
    expect(edgeLabelAnchor([0, 0, 0, 90], 0, 2)).toEqual({ x: 0, y: 45 });
    // 30 + 60 long: a third (30) ends the first segment.
    expect(edgeLabelAnchor([0, 0, 0, 30, 60, 30], 0, 3, 1 / 3)).toEqual({ x: 0, y: 30 });
    expect(edgeLabelAnchor([5, 5, 1, 2], 1, 2)).toBeNull();
  });

  it('keeps the labels of three tensors going into one Concat apart (they were drawn on one spot)', () => {
    const g: GraphSummary = {
      name: 'fan-in',
      inputs: [vi('x')],
      outputs: [vi('y')],
      valueInfo: [vi('p', 'float32[1,64]'), vi('q', 'int64[1,64]'), vi('r', 'bool[1,64]')],
      initializers: [],
      overridableInitializers: [],
      sparseInitializerCount: 0,
      nodes: [node('Relu', ['x'], ['p']), node('Cast', ['x'], ['q']), node('Not', ['x'], ['r']), node('Concat', ['p', 'q', 'r'], ['y'])],
    };
    const model = buildGraphModel(g);
    const layout = layeredLayout(model, nodeSize);
    const into = model.edges.map((e, i) => ({ e, i })).filter(({ e }) => e.to === 'n:3');
    expect(into).toHaveLength(3);
    const fractions = edgeLabelFractions(model);
    const at = into.map(({ i }) =>
      edgeLabelAnchor(
        layout.edges[i]!.flatMap((p) => [p.x, p.y]),
        0,
        layout.edges[i]!.length,
        fractions[i],
      )!,
    );
    // A 13-character label in 10 px monospace is about 80 px wide; side by side they need that much.
    const xs = at.map((a) => a.x).sort((a, b) => a - b);
    for (let k = 1; k < xs.length; k++) expect(xs[k]! - xs[k - 1]!, `labels ${k - 1} and ${k}`).toBeGreaterThanOrEqual(48);
    // The exported SVG writes each label at the same place the canvas draws it.
    const svg = graphToSvg(model, { engine: 'layered', ...layout }, { edgeLabels: true });
    for (const a of at) expect(svg).toContain(`x="${Math.round((a.x + 4) * 10) / 10}"`);
  });

  it('keeps the labels of two outputs of one node apart (Scan, Split), and a tensor read by many in between', () => {
    const g: GraphSummary = {
      name: 'fan-out',
      inputs: [vi('x')],
      outputs: [vi('a'), vi('b'), vi('c')],
      valueInfo: [vi('s', 'float32[3,2]'), vi('t', 'float32[2]')],
      initializers: [],
      overridableInitializers: [],
      sparseInitializerCount: 0,
      nodes: [node('Split', ['x'], ['s', 't']), node('Relu', ['s'], ['a']), node('Neg', ['t'], ['b']), node('Abs', ['x'], ['c'])],
    };
    const model = buildGraphModel(g);
    const f = edgeLabelFractions(model);
    const idx = (from: string, to: string) => model.edges.findIndex((e) => e.from === from && e.to === to);
    // Split's two outputs: near their consumers. x, read by Split and Abs: halfway.
    expect(f[idx('n:0', 'n:1')]).toBeCloseTo(2 / 3);
    expect(f[idx('n:0', 'n:2')]).toBeCloseTo(2 / 3);
    expect(f[idx('in:x', 'n:0')]).toBeCloseTo(1 / 2);
    const layout = layeredLayout(model, nodeSize);
    const at = [idx('n:0', 'n:1'), idx('n:0', 'n:2')].map((i) =>
      edgeLabelAnchor(
        layout.edges[i]!.flatMap((p) => [p.x, p.y]),
        0,
        layout.edges[i]!.length,
        f[i],
      )!,
    );
    expect(Math.abs(at[0]!.x - at[1]!.x)).toBeGreaterThanOrEqual(48);
  });
});
