// Search in the graph view. INTERFACE STUB (issue 7): the graph-logic helper replaces the body.
import type { GraphModel } from './graph-model';

export interface SearchHit {
  nodeId: string;
  /** What matched: the node's name, its op type, or a tensor it reads or writes. */
  field: 'name' | 'op' | 'tensor';
  text: string;
}

/** Hits in a stable order (graph order), at most `limit`. */
export function searchGraph(_model: GraphModel, _query: string, _limit = 10_000): SearchHit[] {
  return [];
}
