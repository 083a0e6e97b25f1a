// State shared by the message parsers of one read.
import type { GraphSummary } from '../../shared/model-summary';
import type { ExternalRef } from './tensor';
import type { Wire } from './wire';

export interface ParseContext {
  w: Wire;
  /** Deepest subgraph / type nesting accepted (main graph = depth 0). */
  maxDepth: number;
  /** Every tensor whose data lives in another file, checked after parsing. */
  externals: ExternalRef[];
  /**
   * Set once something unmistakably ONNX was decoded (a sane ir_version, an opset, a node). Until
   * then a decoding failure means "not an ONNX model" rather than "a damaged ONNX model".
   */
  evidence: boolean;
  /** Parses a GraphProto body (passed in to keep attributes.ts and graph.ts free of a cycle). */
  graph(end: number, depth: number): GraphSummary;
}
