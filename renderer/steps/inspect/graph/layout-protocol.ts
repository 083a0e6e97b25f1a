// Messages between the graph view and its layout worker.
import type { GraphModel, GraphModelOptions } from '../../../../shared/graph/graph-model';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import type { ErrorData } from '../../../../shared/errors';
import type { GraphSummary } from '../../../../shared/model-summary';

export type InitializerMode = NonNullable<GraphModelOptions['initializers']>;

export interface LayoutRequest {
  id: number;
  modelId: string;
  /** Sent once per model: the worker keeps the last summary, so a subgraph step sends only its path. */
  graph?: GraphSummary;
  path: SubgraphStep[];
  initializers: InitializerMode;
  /** When the page posted it (epoch ms): with the worker's own stamps, where the time went. */
  sentAt: number;
}

export type LayoutResponse =
  | {
      id: number;
      kind: 'done';
      model: GraphModel;
      boxes: Float32Array;
      edgeStart: Uint32Array;
      points: Float32Array;
      width: number;
      height: number;
      modelMs: number;
      layoutMs: number;
      /** Epoch ms when the worker began (the request's clone is then done) and when it posted back. */
      startedAt: number;
      finishedAt: number;
    }
  /** The worker holds another model's summary (it was restarted): send it again. */
  | { id: number; kind: 'need-graph' }
  | { id: number; kind: 'error'; error: ErrorData };
