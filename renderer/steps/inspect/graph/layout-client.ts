// The page's side of the layout worker: one worker, one request at a time that matters (a newer
// request makes an older one stale), and the last few results kept per (model, path, mode) so that
// going back up from a subgraph is instant.
import type { ErrorData } from '../../../../shared/errors';
import type { GraphModel } from '../../../../shared/graph/graph-model';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import type { GraphSummary } from '../../../../shared/model-summary';
import type { InitializerMode, LayoutRequest, LayoutResponse } from './layout-protocol';
import { graphForLayout } from './layout-input';
import { Lru } from './lru';
import type { GraphScene } from './scene';

export interface SceneRequest {
  modelId: string;
  graph: GraphSummary;
  path: SubgraphStep[];
  initializers: InitializerMode;
}

export type SceneResult = { ok: true; scene: GraphScene; cached: boolean } | { ok: false; error: ErrorData };

/** In the performance timeline, so the bench can say where a first paint's time went. */
export const MARK_SENT = 'modelcrate:graph-layout-sent';
export const MARK_RECEIVED = 'modelcrate:graph-layout-received';

const now = () => performance.timeOrigin + performance.now();

const keyOf = (r: Pick<SceneRequest, 'modelId' | 'path' | 'initializers'>) => JSON.stringify([r.modelId, r.path, r.initializers]);

export class LayoutClient {
  private worker: Worker | null = null;
  /** The model whose summary the current worker holds. */
  private workerHas: string | null = null;
  private seq = 0;
  private sentAt = 0;
  private inFlight: { id: number; req: SceneRequest; resolve(r: SceneResult | null): void } | null = null;
  // Weighed by nodes + edges: a few 50k-node layouts (model objects and typed arrays) are hundreds
  // of MB, a dozen small subgraphs next to nothing.
  private readonly cache = new Lru<string, GraphScene>(8, (s) => s.model.nodes.length + s.model.edges.length, 400_000);

  constructor(private readonly makeWorker: () => Worker) {}

  /** Resolves with the scene, or with null when a newer request made this one stale. */
  request(req: SceneRequest): Promise<SceneResult | null> {
    const hit = this.cache.get(keyOf(req));
    if (hit) {
      this.dropInFlight();
      return Promise.resolve({ ok: true, scene: hit, cached: true });
    }
    // A layout cannot be interrupted inside the worker: a busy worker is replaced, not queued behind.
    if (this.inFlight) {
      this.dropInFlight();
      this.restart();
    }
    return new Promise((resolve) => {
      const id = ++this.seq;
      this.inFlight = { id, req, resolve };
      this.send(id, req);
    });
  }

  /** Starts the worker ahead of the first request: loading its script is then not on the way to
   *  the first picture. */
  prewarm(): void {
    this.ensureWorker();
  }

  dispose(): void {
    this.dropInFlight();
    this.worker?.terminate();
    this.worker = null;
  }

  private dropInFlight(): void {
    this.inFlight?.resolve(null);
    this.inFlight = null;
  }

  private restart(): void {
    this.worker?.terminate();
    this.worker = null;
    this.workerHas = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.makeWorker();
    w.onmessage = (ev: MessageEvent<LayoutResponse>) => this.onMessage(ev.data);
    // A worker that cannot load (or dies) fails the request in hand with what to do about it.
    w.onerror = (ev) => {
      ev.preventDefault();
      this.fail({
        code: 'INTERNAL',
        message: `The graph layout stopped: ${ev.message || 'its worker failed to load'}.`,
        hint: 'Reload the page; if it happens again, the graph may be too large for this machine’s memory.',
      });
      this.restart();
    };
    this.worker = w;
    return w;
  }

  private send(id: number, req: SceneRequest): void {
    const withGraph = this.workerHas !== req.modelId;
    const msg: LayoutRequest = {
      id,
      modelId: req.modelId,
      path: req.path,
      initializers: req.initializers,
      sentAt: now(),
      ...(withGraph ? { graphJson: JSON.stringify(graphForLayout(req.graph)) } : {}),
    };
    performance.mark(MARK_SENT);
    this.sentAt = msg.sentAt;
    this.ensureWorker().postMessage(msg);
    this.workerHas = req.modelId;
  }

  private fail(error: ErrorData): void {
    const f = this.inFlight;
    this.inFlight = null;
    f?.resolve({ ok: false, error });
  }

  private onMessage(msg: LayoutResponse): void {
    const f = this.inFlight;
    if (!f || f.id !== msg.id) return; // stale
    if (msg.kind === 'need-graph') {
      this.workerHas = null;
      return this.send(f.id, f.req);
    }
    this.inFlight = null;
    performance.mark(MARK_RECEIVED);
    if (msg.kind === 'error') return f.resolve({ ok: false, error: msg.error });
    const scene: GraphScene = {
      model: JSON.parse(msg.modelJson) as GraphModel,
      boxes: msg.boxes,
      edgeStart: msg.edgeStart,
      points: msg.points,
      width: msg.width,
      height: msg.height,
      timings: { inMs: msg.startedAt - this.sentAt, modelMs: msg.modelMs, layoutMs: msg.layoutMs, outMs: now() - msg.finishedAt },
    };
    this.cache.set(keyOf(f.req), scene);
    f.resolve({ ok: true, scene, cached: false });
  }
}
