// INTERFACE STUB (issue 7): the graph-logic helper replaces it. Search box with next/previous.
import type { GraphModel } from '../../../../shared/graph/graph-model';
import type { SearchHit } from '../../../../shared/graph/search';

export interface GraphSearchProps {
  graph: GraphModel;
  /** Called with the hit to centre (null when the query is cleared) and all hits (to highlight). */
  onFocus(nodeId: string | null, hits: SearchHit[]): void;
}

export function GraphSearch(_props: GraphSearchProps) {
  return null;
}
