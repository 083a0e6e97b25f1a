// INTERFACE STUB (issue 7): the graph-logic helper replaces it. Where we are among subgraphs.
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';

export interface BreadcrumbsProps {
  rootName: string;
  path: SubgraphStep[];
  /** Go back up to `depth` steps (0 = the main graph). */
  onNavigate(depth: number): void;
}

export function Breadcrumbs(_props: BreadcrumbsProps) {
  return null;
}
