// The graph model on files read by the real reader: a 50,000-node chain (manyNodes) and the
// nested If fixture, so the summary → graph path is covered end to end, not only on hand-made summaries.
import { describe, expect, it } from 'vitest';
import { readModelSummary } from '../../core/onnx/reader';
import { buildGraphModel } from '../../shared/graph/graph-model';
import { manyNodes, nestedSubgraphs } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

describe('graph model from the reader', () => {
  const dir = suiteDir('graph-model');

  it('a 50,000-node model: every node, one edge per link, the shared bias collapsed onto each Add', async () => {
    const summary = await readModelSummary(manyNodes(dir, 50_000));
    const m = buildGraphModel(summary.graph);
    expect(m.nodes).toHaveLength(50_002);
    // x → n0 → … → n49999 → y: 50,001 links; the bias initializer is not a node.
    expect(m.edges).toHaveLength(50_001);
    expect(m.nodes.filter((n) => n.initializers?.[0] === 'bias')).toHaveLength(25_000);
    expect(m.edges[0]).toEqual({ from: 'in:x', to: 'n:0', tensor: 'x', label: 'float32[1,16]' });
    expect(m.edges.at(-1)).toEqual({ from: 'n:49999', to: 'out:y', tensor: 'y', label: 'float32[1,16]' });
    const asNodes = buildGraphModel(summary.graph, { initializers: 'nodes' });
    expect(asNodes.edges.filter((e) => e.from === 'init:bias')).toHaveLength(25_000);
  });

  it('walks nested If branches by node name down to the leaf', async () => {
    const summary = await readModelSummary(nestedSubgraphs(dir, 4));
    const path = [1, 2, 3, 4].map((d) => ({ node: `if${d}`, attribute: 'then_branch' }));
    const leaf = buildGraphModel(summary.graph, { path });
    expect(leaf.name).toBe('leaf');
    // x is declared by the main graph four levels up: its type still labels the edge.
    expect(leaf.edges[0]).toEqual({ from: 'outer', to: 'n:0', tensor: 'x', label: 'float32[1]' });
  });
});
