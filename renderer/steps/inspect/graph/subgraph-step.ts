// Which step a double-click or the properties panel adds to the path.
import type { GraphModel } from '../../../../shared/graph/graph-model';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';

/** A node is named in the path by its name when that is unique in its graph, else by its id. */
export function stepInto(model: GraphModel, nodeId: string, attribute?: string): SubgraphStep | null {
  const node = model.nodes.find((n) => n.id === nodeId);
  const attr = attribute ?? node?.subgraphs?.[0];
  if (!node || node.kind !== 'op' || !attr || !node.subgraphs?.includes(attr)) return null;
  const unique = node.name !== '' && model.nodes.filter((n) => n.kind === 'op' && n.name === node.name).length === 1;
  return { node: unique ? node.name : node.id, attribute: attr };
}
