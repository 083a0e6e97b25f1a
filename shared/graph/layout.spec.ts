import { describe, expect, it } from 'vitest';
import type { GraphSummary, NodeInfo, ValueInfo } from '../model-summary';
import { buildGraphModel, type GraphModel } from './graph-model';
import { layoutGraph, nodeSize, type Box, type GraphLayout, type LayoutEngine } from './layout';

const vi = (name: string): ValueInfo => ({ name, type: { kind: 'tensor', elemType: 'float32', shape: [1], text: 'float32[1]' } });
const node = (opType: string, inputs: string[], outputs: string[]): NodeInfo => ({
  opType,
  name: outputs[0]!,
  domain: '',
  inputs,
  outputs,
  attributes: [],
});

/** x → a residual block (Relu, Conv, Add of both) → a fan-out of three joined by Concat → y. */
function residual(): GraphModel {
  const g: GraphSummary = {
    name: 'res',
    inputs: [vi('x')],
    outputs: [vi('y')],
    valueInfo: [],
    initializers: [],
    overridableInitializers: [],
    sparseInitializerCount: 0,
    nodes: [
      node('Relu', ['x'], ['a']),
      node('Conv', ['a'], ['b']),
      node('Add', ['a', 'b'], ['c']),
      node('Relu', ['c'], ['p']),
      node('Sigmoid', ['c'], ['q']),
      node('Tanh', ['c'], ['r']),
      node('Concat', ['p', 'q', 'r'], ['y']),
    ],
  };
  return buildGraphModel(g);
}

const within = (v: number, lo: number, hi: number) => v >= lo - 1 && v <= hi + 1;
const onBorder = (p: { x: number; y: number }, b: Box) =>
  within(p.x, b.x, b.x + b.width) &&
  within(p.y, b.y, b.y + b.height) &&
  (Math.abs(p.x - b.x) <= 1 || Math.abs(p.x - b.x - b.width) <= 1 || Math.abs(p.y - b.y) <= 1 || Math.abs(p.y - b.y - b.height) <= 1);
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function checkLayout(m: GraphModel, l: GraphLayout): void {
  expect(l.nodes).toHaveLength(m.nodes.length);
  expect(l.edges).toHaveLength(m.edges.length);
  m.nodes.forEach((n, i) => expect(l.nodes[i]).toMatchObject(nodeSize(n)));
  for (let i = 0; i < l.nodes.length; i++)
    for (let j = i + 1; j < l.nodes.length; j++)
      expect(overlaps(l.nodes[i]!, l.nodes[j]!), `${m.nodes[i]!.id} / ${m.nodes[j]!.id}`).toBe(false);
  const index = new Map(m.nodes.map((n, i) => [n.id, i]));
  m.edges.forEach((e, k) => {
    const from = l.nodes[index.get(e.from)!]!;
    const to = l.nodes[index.get(e.to)!]!;
    // Top to bottom: every consumer sits below its producer, and its edge runs between them.
    expect(to.y, `${e.from} → ${e.to}`).toBeGreaterThanOrEqual(from.y + from.height);
    const pts = l.edges[k]!;
    expect(pts.length).toBeGreaterThanOrEqual(2);
    // Ends on the boxes' borders (dagre may leave through a side when the edge is slanted).
    expect(onBorder(pts[0]!, from), `${e.from} → ${e.to} start`).toBe(true);
    expect(onBorder(pts.at(-1)!, to), `${e.from} → ${e.to} end`).toBe(true);
    // No edge runs through a node it does not connect (the residual skip passes beside the block).
    for (let s = 1; s < pts.length; s++) {
      for (let t = 0; t <= 1; t += 0.05) {
        const p = { x: pts[s - 1]!.x + (pts[s]!.x - pts[s - 1]!.x) * t, y: pts[s - 1]!.y + (pts[s]!.y - pts[s - 1]!.y) * t };
        const hit = l.nodes.findIndex(
          (b) => b !== from && b !== to && p.x > b.x + 1 && p.x < b.x + b.width - 1 && p.y > b.y + 1 && p.y < b.y + b.height - 1,
        );
        expect(hit, `${e.from} → ${e.to} crosses ${m.nodes[hit]?.id}`).toBe(-1);
      }
    }
  });
  for (const b of l.nodes) {
    expect(b.x).toBeGreaterThanOrEqual(-1e-6);
    expect(b.x + b.width).toBeLessThanOrEqual(l.width + 1e-6);
    expect(b.y + b.height).toBeLessThanOrEqual(l.height + 1e-6);
  }
}

describe('layoutGraph', () => {
  for (const engine of ['layered', 'dagre', 'elk'] as LayoutEngine[]) {
    it(`${engine}: every node placed without overlap, every edge downwards from producer to consumer, around other nodes`, async () => {
      const m = residual();
      const l = await layoutGraph(m, { engine });
      expect(l.engine).toBe(engine);
      checkLayout(m, l);
    });
  }

  it('layered: a chain stays one straight column; a fan-out is centred under its source', async () => {
    const m = residual();
    const l = await layoutGraph(m, { engine: 'layered' });
    const centre = (id: string) => {
      const b = l.nodes[m.nodes.findIndex((n) => n.id === id)]!;
      return b.x + b.width / 2;
    };
    expect(centre('n:0')).toBeCloseTo(centre('in:x'));
    const fan = ['n:3', 'n:4', 'n:5'].map(centre);
    expect((fan[0]! + fan[2]!) / 2).toBeCloseTo(centre('n:2'));
    expect(centre('n:6')).toBeCloseTo(fan.reduce((a, b) => a + b) / 3);
  });

  it('layered: a 20,000-node graph with skips is laid out completely', async () => {
    const nodes: NodeInfo[] = [];
    for (let i = 0; i < 20_000; i++)
      nodes.push(node(i % 3 === 2 ? 'Add' : 'Relu', i % 3 === 2 ? [`t${i - 1}`, `t${i - 2}`] : [i ? `t${i - 1}` : 'x'], [`t${i}`]));
    const m = buildGraphModel({
      name: 'big',
      inputs: [vi('x')],
      outputs: [vi('t19999')],
      valueInfo: [],
      nodes,
      initializers: [],
      overridableInitializers: [],
      sparseInitializerCount: 0,
    });
    const l = await layoutGraph(m, { engine: 'layered' });
    expect(l.nodes.every((b) => b.width > 0 && Number.isFinite(b.x) && Number.isFinite(b.y))).toBe(true);
    const index = new Map(m.nodes.map((n, i) => [n.id, i]));
    expect(m.edges.every((e) => l.nodes[index.get(e.to)!]!.y > l.nodes[index.get(e.from)!]!.y)).toBe(true);
  });
});
