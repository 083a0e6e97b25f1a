// INTERFACE STUB (issue 7): the properties helper replaces it. On request, the first values of an
// initializer, read by the host from the file at its offset.
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';

export interface InitializerPreviewProps {
  modelId: string;
  tensor: string;
  /** The subgraph the initializer belongs to ([] = the main graph). */
  path: SubgraphStep[];
}

export function InitializerPreview(_props: InitializerPreviewProps) {
  return null;
}
