// The path from the graph's inputs to a selected node. INTERFACE STUB (issue 7): the graph-logic
// helper replaces the body.
import type { GraphModel } from './graph-model';

/** Node ids and edge indices (into model.edges) on any path from a graph input to `nodeId`. */
export function pathToNode(_model: GraphModel, nodeId: string): { nodes: Set<string>; edges: Set<number> } {
  return { nodes: new Set([nodeId]), edges: new Set() };
}
