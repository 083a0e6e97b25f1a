import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PYTHON } from '../fixtures/python-run';
import type { GraphSummary, NodeInfo, TensorInfo, ValueInfo } from '../../shared/model-summary';
import { buildGraphModel } from '../../shared/graph/graph-model';
import { layoutGraph } from '../../shared/graph/layout';
import { opColour } from '../../shared/graph/op-colours';
import { graphToSvg } from '../../shared/graph/svg-export';

const vi = (name: string): ValueInfo => ({ name, type: { kind: 'tensor', elemType: 'float32', shape: ['N', 8], text: 'float32[N,8]' } });
const init = (name: string): TensorInfo => ({
  name,
  dataType: 'float32',
  dims: [8],
  elementCount: 8,
  byteLength: 32,
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

interface Parsed {
  root: Record<string, string>;
  nodes: Array<{ id: string; op: string | null; fill: string; texts: string[]; highlight: string | null }>;
  paths: Array<{ from: string; to: string; tensor: string; d: string; marker: string | null }>;
  scripts: number;
}

/** Parses with python's XML parser (expat: strict, rejects anything not well-formed) and lists
 *  what a reader of the file would see. */
function parseSvg(svg: string): Parsed {
  const code = `
import json, sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == ns + 'svg', root.tag
nodes = [{'id': g.get('data-node-id'), 'op': g.get('data-op'), 'fill': g.find(ns + 'rect').get('fill'),
          'texts': [t.text for t in g.findall(ns + 'text')], 'highlight': g.get('data-highlight')} for g in root.iter(ns + 'g') if g.get('data-node-id') is not None]
paths = [{'from': p.get('data-from'), 'to': p.get('data-to'), 'tensor': p.get('data-tensor'), 'd': p.get('d'), 'marker': p.get('marker-end')}
         for p in root.iter(ns + 'path') if p.get('data-from') is not None]
print(json.dumps({'root': dict(root.attrib), 'nodes': nodes, 'paths': paths, 'scripts': len(list(root.iter(ns + 'script')))}))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', code], { input: svg, encoding: 'utf8', maxBuffer: 256 << 20 })) as Parsed;
}

const hostile = '<script>&"';
const summary = graph({
  name: 'evil & <co>',
  inputs: [vi('x')],
  outputs: [vi('y')],
  initializers: [init('w')],
  nodes: [
    node('Conv', 'stem', ['x', 'w'], ['a']),
    node('Relu', hostile, ['a'], [`t'\u0001"<b>`]),
    node('Add', 'residual', ['a', `t'\u0001"<b>`], ['s']),
    node('MaxPool', '', ['s'], ['y']),
  ],
});

describe('graphToSvg', () => {
  it('a valid SVG document: one <g data-node-id> per node, one <path> per edge, in model order', async () => {
    const m = buildGraphModel(summary);
    const layout = await layoutGraph(m, { engine: 'layered' });
    const svg = graphToSvg(m, layout);
    const p = parseSvg(svg);
    expect(p.nodes.map((n) => n.id)).toEqual(m.nodes.map((n) => n.id));
    expect(p.nodes.map((n) => n.op)).toEqual(m.nodes.map((n) => n.op ?? null));
    // (U+0001 cannot be in an XML file: it comes back as U+FFFD.)
    expect(p.paths.map((e) => [e.from, e.to, e.tensor])).toEqual(m.edges.map((e) => [e.from, e.to, e.tensor.replace('\u0001', '\uFFFD')]));
    // Each path follows the layout's polyline, ending with an arrow.
    expect(svg).toContain('<g class="edges" fill="none" stroke="#8a93a6" stroke-width="1.2" marker-end="url(#arrow)">');
    p.paths.forEach((e, k) => {
      const pts = layout.edges[k]!;
      expect(e.d).toBe(`M${pts.map((q) => `${Math.round(q.x * 10) / 10},${Math.round(q.y * 10) / 10}`).join(' L')}`);
      // The arrow comes from the edges' group.
      expect(e.marker).toBeNull();
    });
    // Coloured by category, labelled with op and name.
    expect(p.nodes.find((n) => n.id === 'n:0')).toMatchObject({ fill: opColour('Conv'), texts: ['Conv', 'stem'] });
    expect(p.nodes.find((n) => n.id === 'n:3')).toMatchObject({ fill: opColour('MaxPool'), texts: ['MaxPool'] });
    expect(p.nodes.find((n) => n.id === 'in:x')!.texts).toEqual(['x']);
    // The viewBox holds every box.
    const [vx, vy, vw, vh] = p.root.viewBox!.split(' ').map(Number) as [number, number, number, number];
    for (const b of layout.nodes) {
      expect(b.x).toBeGreaterThanOrEqual(vx);
      expect(b.y).toBeGreaterThanOrEqual(vy);
      expect(b.x + b.width).toBeLessThanOrEqual(vx + vw);
      expect(b.y + b.height).toBeLessThanOrEqual(vy + vh);
    }
    expect(p.root['data-node-count']).toBe(String(m.nodes.length));
  });

  it('escapes names from the model: a node named <script>&" is text, never markup; forbidden characters replaced', async () => {
    const m = buildGraphModel(summary);
    const svg = graphToSvg(m, await layoutGraph(m, { engine: 'layered' }), { edgeLabels: true });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('\u0001');
    const p = parseSvg(svg);
    expect(p.scripts).toBe(0);
    expect(p.nodes.find((n) => n.id === 'n:1')!.texts).toEqual(['Relu', hostile]);
    expect(p.paths.find((e) => e.from === 'n:1')!.tensor).toBe(`t'\uFFFD"<b>`);
    expect(p.root['data-graph']).toBe('evil & <co>');
  });

  it('themes and highlight: dark background, highlighted nodes and the edges between them emphasised', async () => {
    const m = buildGraphModel(summary);
    const layout = await layoutGraph(m, { engine: 'layered' });
    const svg = graphToSvg(m, layout, { theme: 'dark', highlight: new Set(['n:0', 'n:2']) });
    expect(svg).toMatch(/<rect x="[-\d.]+" y="[-\d.]+" width="[\d.]+" height="[\d.]+" fill="#0e1015"\/>/);
    const p = parseSvg(svg);
    expect(p.nodes.filter((n) => n.highlight === 'true').map((n) => n.id)).toEqual(['n:0', 'n:2']);
    expect(p.paths.filter((e) => e.marker === 'url(#arrow-hl)').map((e) => `${e.from}->${e.to}`)).toEqual(['n:0->n:2']);
    expect(graphToSvg(m, layout)).toMatch(/fill="#ffffff"\/>/);
  });

  it('50,000 nodes: a valid document with every node and edge, in seconds', async () => {
    const nodes: NodeInfo[] = [];
    for (let i = 0; i < 50_000; i++)
      nodes.push(
        i % 4 === 3
          ? node('Add', `n${i}`, [`t${i - 1}`, `t${i - 3}`], [`t${i}`])
          : node('Relu', `n${i}`, [i ? `t${i - 1}` : 'x'], [`t${i}`]),
      );
    const m = buildGraphModel(graph({ inputs: [vi('x')], outputs: [vi('t49999')], nodes }));
    const layout = await layoutGraph(m, { engine: 'layered' });
    const t = performance.now();
    const svg = graphToSvg(m, layout, { highlight: new Set(['n:49999']) });
    expect(performance.now() - t).toBeLessThan(10_000);
    const p = parseSvg(svg);
    expect(p.nodes).toHaveLength(m.nodes.length);
    expect(p.paths).toHaveLength(m.edges.length);
    expect(p.nodes.at(-2)).toMatchObject({ id: 'n:49999', highlight: 'true' });
  }, 120_000);

  it('an empty graph is still a valid document', async () => {
    const m = buildGraphModel(graph({}));
    const p = parseSvg(graphToSvg(m, await layoutGraph(m, { engine: 'layered' })));
    expect(p.nodes).toEqual([]);
    expect(p.paths).toEqual([]);
  });
});
