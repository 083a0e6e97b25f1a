// Messages between the graph view and its layout worker.
import type { GraphModelOptions } from '../../../../shared/graph/graph-model';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import type { ErrorData } from '../../../../shared/errors';

export type InitializerMode = NonNullable<GraphModelOptions['initializers']>;

export interface LayoutRequest {
  id: number;
  modelId: string;
  /** The summary (trimmed: layout-input.ts) as JSON, sent once per model: the worker keeps the last
   *  one, so a subgraph step sends only its path. JSON, not the objects: for a 50k-node graph a
   *  structured clone of the object tree costs about twice a stringify here and a parse there. */
  graphJson?: string;
  path: SubgraphStep[];
  initializers: InitializerMode;
  /** When the page posted it (epoch ms): with the worker's own stamps, where the time went. */
  sentAt: number;
}

export type LayoutResponse =
  | {
      id: number;
      kind: 'done';
      /** The graph model as JSON, for the same reason. */
      modelJson: string;
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
