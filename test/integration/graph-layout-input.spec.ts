// The worker gets a trimmed copy of the summary: it must make exactly the graph the full one does.
import { describe, expect, it } from 'vitest';
import { readModelSummary } from '../../core/onnx/reader';
import { buildGraphModel } from '../../shared/graph/graph-model';
import { mlp, nestedSubgraphs, subgraphs } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';
import { graphForLayout } from '../../renderer/steps/inspect/graph/layout-input';

const dir = suiteDir('graph-layout-input');

describe('graphForLayout', () => {
  it.each([
    ['mlp', mlp(dir), []],
    ['If/Loop/Scan bodies', subgraphs(dir), [{ node: 'loop', attribute: 'body' }]],
    [
      'nested If, three levels down',
      nestedSubgraphs(dir, 3),
      [
        { node: 'if1', attribute: 'then_branch' },
        { node: 'if2', attribute: 'then_branch' },
        { node: 'if3', attribute: 'else_branch' },
      ],
    ],
  ])('%s: the same graph model, in both initializer modes', async (_name, file, path) => {
    const graph = (await readModelSummary(file)).graph;
    for (const initializers of ['collapsed', 'nodes'] as const) {
      expect(buildGraphModel(graphForLayout(graph), { path, initializers })).toEqual(buildGraphModel(graph, { path, initializers }));
    }
  });

  it('drops what the layout never reads: attribute values other than graphs, initializer locations', async () => {
    const slim = graphForLayout((await readModelSummary(subgraphs(dir))).graph);
    const attrs = slim.nodes.flatMap((n) => n.attributes);
    expect(attrs.length).toBeGreaterThan(0);
    expect(attrs.every((a) => a.type === 'graph' || a.type === 'graphs')).toBe(true);
  });
});
