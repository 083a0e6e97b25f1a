// INTERFACE STUB (issue 7): the properties helper replaces it. The panel for a clicked node.
import type { GraphModel } from '../../../../shared/graph/graph-model';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import type { ModelSummary } from '../../../../shared/model-summary';

export interface NodePropertiesProps {
  modelId: string;
  summary: ModelSummary;
  /** The graph shown (graph.path says which subgraph); nodeId is one of graph.nodes. */
  graph: GraphModel;
  nodeId: string;
  /** Open an If/Loop/Scan body of this node (the view adds the step to its path). */
  onOpenSubgraph(step: SubgraphStep): void;
  onClose(): void;
}

export function NodeProperties(_props: NodePropertiesProps) {
  return null;
}
