import { describe, expect, it } from 'vitest';
import { packLayout } from './scene';
import { SpatialGrid } from './spatial-grid';

// A column of 1,000 boxes 100 apart, and an edge between each pair.
const nodes = Array.from({ length: 1000 }, (_, i) => ({ x: 10, y: i * 100, width: 80, height: 30 }));
const edges = nodes.slice(1).map((b, i) => [
  { x: 50, y: nodes[i]!.y + 30 },
  { x: 50, y: b.y },
]);
const packed = packLayout({ nodes, edges });
const grid = new SpatialGrid(packed.boxes, packed.edgeStart, packed.points, 100, 100_000);

describe('SpatialGrid', () => {
  it('returns exactly the nodes a rectangle meets, each once', () => {
    const hits = [...grid.nodesIn({ x: 0, y: 250, width: 100, height: 300 })].sort((a, b) => a - b);
    expect(hits).toEqual([3, 4, 5]);
  });

  it('returns the edges near a rectangle, a superset of those inside it, without repeats', () => {
    const hits = [...grid.edgesIn({ x: 0, y: 1000, width: 100, height: 100 })];
    expect(new Set(hits).size).toBe(hits.length);
    expect(hits).toContain(9); // from node 9 (y 930) to node 10 (y 1000)
    expect(hits.length).toBeLessThan(20);
  });

  it('finds the node under a point, and nothing between nodes', () => {
    expect(grid.nodeAt(50, 715)).toBe(7);
    expect(grid.nodeAt(50, 760)).toBe(-1);
    expect(grid.nodeAt(95, 715)).toBe(-1);
  });
});
