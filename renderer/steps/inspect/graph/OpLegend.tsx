// INTERFACE STUB (issue 7): the graph-logic helper replaces it. Op-category colours present in the graph.
import type { GraphModel } from '../../../../shared/graph/graph-model';

export interface OpLegendProps { graph: GraphModel }

export function OpLegend(_props: OpLegendProps) {
  return null;
}
