// The op categories present in the graph: colour swatch, name, node count. A list, so screen
// readers hear "Convolution, 12 nodes" (the swatch is decoration; the canvas labels ops by text).
import { useMemo } from 'react';
import type { GraphModel } from '../../../../shared/graph/graph-model';
import { OP_CATEGORIES, opCategory, type OpCategory } from '../../../../shared/graph/op-colours';
import { exact } from '../../../format/numbers';
import './graph-parts.css';

export interface OpLegendProps {
  graph: GraphModel;
}

/** Per category present: how many op nodes and which op types (for the tooltip). */
export function legendRows(graph: GraphModel): Array<{ id: OpCategory; label: string; colour: string; count: number; ops: string[] }> {
  const counts = new Map<OpCategory, { count: number; ops: Set<string> }>();
  for (const n of graph.nodes) {
    if (n.kind !== 'op') continue;
    const c = opCategory(n.op ?? '', n.domain ?? '');
    const row = counts.get(c) ?? { count: 0, ops: new Set<string>() };
    row.count++;
    row.ops.add(n.op ?? '');
    counts.set(c, row);
  }
  return OP_CATEGORIES.filter((c) => counts.has(c.id)).map((c) => ({
    id: c.id,
    label: c.label,
    colour: c.colour,
    count: counts.get(c.id)!.count,
    ops: [...counts.get(c.id)!.ops].sort(),
  }));
}

export function OpLegend({ graph }: OpLegendProps) {
  const rows = useMemo(() => legendRows(graph), [graph]);
  if (rows.length === 0) return null;
  return (
    <ul className="graph-legend" aria-label="Operator colours">
      {rows.map((r) => (
        <li key={r.id} data-category={r.id} title={r.ops.join(', ')}>
          <span className="graph-legend-swatch" style={{ background: r.colour }} aria-hidden="true" />
          <span className="graph-legend-label">{r.label}</span>
          <span className="graph-legend-count">
            {exact(r.count)}
            <span className="visually-hidden">{r.count === 1 ? ' node' : ' nodes'}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
