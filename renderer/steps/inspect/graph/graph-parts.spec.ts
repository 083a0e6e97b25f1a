// The breadcrumbs and the legend rendered by React itself (server markup: no DOM needed here);
// the search box's keyboard behaviour is covered in Chromium by the graph view's e2e.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { buildGraphModel } from '../../../../shared/graph/graph-model';
import type { GraphSummary, NodeInfo } from '../../../../shared/model-summary';
import { Breadcrumbs } from './Breadcrumbs';
import { legendRows, OpLegend } from './OpLegend';

const node = (opType: string, inputs: string[], outputs: string[], domain = ''): NodeInfo => ({
  opType,
  name: outputs[0]!,
  domain,
  inputs,
  outputs,
  attributes: [],
});
const summary: GraphSummary = {
  name: 'g',
  inputs: [],
  outputs: [],
  valueInfo: [],
  initializers: [],
  overridableInitializers: [],
  sparseInitializerCount: 0,
  nodes: [
    node('Conv', ['x'], ['a']),
    node('Relu', ['a'], ['b']),
    node('Conv', ['b'], ['c']),
    node('Add', ['a', 'c'], ['d']),
    node('Gelu', ['d'], ['e'], 'com.microsoft'),
    node('Weird', ['e'], ['f'], 'org.x'),
  ],
};

describe('Breadcrumbs', () => {
  it('a nav of the levels: buttons up, the current level as text marked aria-current', () => {
    const html = renderToStaticMarkup(
      createElement(Breadcrumbs, {
        rootName: 'main',
        path: [
          { node: 'If_0', attribute: 'then_branch' },
          { node: 'Loop_3', attribute: 'body' },
        ],
        onNavigate: () => undefined,
      }),
    );
    expect(html).toMatch(/^<nav class="graph-breadcrumbs" aria-label="Subgraph path"><ol>/);
    expect([...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1])).toEqual(['main', 'If_0.then_branch']);
    expect(html).toContain('<span class="graph-breadcrumbs-current" aria-current="location">Loop_3.body</span>');
    // At the top there is nothing to go back to.
    const top = renderToStaticMarkup(createElement(Breadcrumbs, { rootName: 'main', path: [], onNavigate: () => undefined }));
    expect(top).not.toContain('<button');
    expect(top).toContain('aria-current="location">main<');
  });
});

describe('OpLegend', () => {
  it('lists the categories present, in legend order, with node counts and the op types they hold', () => {
    const g = buildGraphModel(summary);
    expect(legendRows(g).map((r) => [r.id, r.count, r.ops.join(',')])).toEqual([
      ['conv', 2, 'Conv'],
      ['activation', 2, 'Gelu,Relu'],
      ['elementwise', 1, 'Add'],
      ['other', 1, 'Weird'],
    ]);
    const html = renderToStaticMarkup(createElement(OpLegend, { graph: g }));
    expect(html).toMatch(/^<ul class="graph-legend" aria-label="Operator colours">/);
    expect(html).toContain(
      '<span class="graph-legend-label">Convolution</span><span class="graph-legend-count">2<span class="visually-hidden"> nodes</span></span>',
    );
    expect(html).toContain('<span class="graph-legend-count">1<span class="visually-hidden"> node</span></span>');
  });
});
