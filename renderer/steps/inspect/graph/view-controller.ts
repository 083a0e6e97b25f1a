// The graph view's engine, outside React: owns the camera, the canvas, the minimap and the
// container's state attributes (data-graph-state, data-node-count, data-focus-node…), draws on
// requestAnimationFrame only when something changed, and turns pointer, wheel and keys into camera
// moves, selection and drill-down.
import { centreOn, fit, panBy, toWorld, zoomAt, type Camera } from './camera';
import { drawFrame, NO_HIGHLIGHT, type Highlight } from './draw';
import { Minimap } from './minimap';
import type { GraphScene } from './scene';
import { sceneStyle, SUB_FONT_PX, type SceneStyle } from './scene-style';
import { SpatialGrid } from './spatial-grid';
import { onThemeChange, readTheme } from './theme';

export type GraphState = 'laying-out' | 'ready' | 'error';

export interface HighlightRequest {
  selected: string | null;
  hits: readonly string[];
  focused: string | null;
  path: { nodes: ReadonlySet<string>; edges: ReadonlySet<number> } | null;
}

export interface ViewCallbacks {
  onSelect(nodeId: string | null): void;
  /** Double-click on a node (the panel opens its subgraph if it has one). */
  onOpen(nodeId: string): void;
  onEscape(): void;
}

/** Named so the bench and curious users can find them in the performance timeline. */
export const MARK_READY = 'modelcrate:graph-ready';
export const MEASURE_DRAW = 'modelcrate:graph-draw';

const ZOOM_STEP = 1.25;
const PAN_STEP = 80;
const CLICK_SLOP = 4;

interface Loaded {
  scene: GraphScene;
  grid: SpatialGrid;
  style: SceneStyle;
  index: Map<string, number>;
}

export class GraphViewController {
  private loaded: Loaded | null = null;
  private camera: Camera = { k: 1, tx: 0, ty: 0 };
  private highlight: Highlight = NO_HIGHLIGHT;
  private readonly cameras = new WeakMap<GraphScene, Camera>();
  private readonly minimap: Minimap;
  private minimapOn = true;
  private frameRequested = 0;
  private firstFramePending = false;
  private minimapStale = false;
  private minimapTimer = 0;
  private drawCount = 0;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private readonly cleanups: Array<() => void> = [];
  private drag: { id: number; x: number; y: number; moved: boolean; onMinimap: boolean } | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly canvas: HTMLCanvasElement,
    private readonly minimapCanvas: HTMLCanvasElement,
    private readonly cb: ViewCallbacks,
  ) {
    this.minimap = new Minimap(minimapCanvas);
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(canvas);
    this.cleanups.push(() => ro.disconnect());
    this.cleanups.push(onThemeChange(() => this.restyle()));
    this.listen(canvas, 'pointerdown', (e) => this.pointerDown(e as PointerEvent, false));
    this.listen(minimapCanvas, 'pointerdown', (e) => this.pointerDown(e as PointerEvent, true));
    for (const el of [canvas, minimapCanvas]) {
      this.listen(el, 'pointermove', (e) => this.pointerMove(e as PointerEvent));
      this.listen(el, 'pointerup', (e) => this.pointerUp(e as PointerEvent));
      this.listen(el, 'pointercancel', () => (this.drag = null));
    }
    this.listen(canvas, 'dblclick', (e) => this.doubleClick(e as MouseEvent));
    this.listen(canvas, 'wheel', (e) => this.wheel(e as WheelEvent), { passive: false });
    this.listen(canvas, 'keydown', (e) => this.key(e as KeyboardEvent));
    this.watchPixelRatio();
    this.cleanups.push(() => this.stopPixelRatio());
    this.resize();
  }

  private stopPixelRatio: () => void = () => {};

  /** A window moved to a screen of another density (or a browser zoom that keeps the CSS size)
   *  changes devicePixelRatio without resizing the canvas: redraw at the new density, or the
   *  graph stays blurred. A resolution query matches one ratio, so it is made again each time. */
  private watchPixelRatio(): void {
    const mq = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const changed = () => {
      this.stopPixelRatio();
      this.watchPixelRatio();
      this.resize();
    };
    mq.addEventListener('change', changed);
    this.stopPixelRatio = () => mq.removeEventListener('change', changed);
  }

  private listen(el: EventTarget, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions): void {
    el.addEventListener(type, fn, opts);
    this.cleanups.push(() => el.removeEventListener(type, fn, opts));
  }

  dispose(): void {
    cancelAnimationFrame(this.frameRequested);
    clearTimeout(this.minimapTimer);
    for (const c of this.cleanups) c();
  }

  setState(state: Exclude<GraphState, 'ready'>, message?: string): void {
    this.container.dataset.graphState = state;
    if (message) this.container.dataset.graphError = message;
    else delete this.container.dataset.graphError;
  }

  /** Shows nothing (another model is on its way): no picture, counts or marks of the last one. */
  clear(): void {
    if (this.loaded) this.cameras.set(this.loaded.scene, this.camera);
    this.loaded = null;
    this.highlight = NO_HIGHLIGHT;
    for (const k of ['nodeCount', 'edgeCount', 'focusNode', 'selectedNode', 'layoutMs'] as const) delete this.container.dataset[k];
    this.minimap.clear();
    this.paintBlank();
  }

  /** The background alone: a canvas resized while there is no graph is otherwise opaque black. */
  private paintBlank(): void {
    const ctx = this.canvas.getContext('2d', { alpha: false })!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = readTheme(this.container).background;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Shows a laid-out graph; `ready` is set once its first frame has been drawn. */
  setScene(scene: GraphScene): void {
    if (this.loaded) this.cameras.set(this.loaded.scene, this.camera);
    const index = new Map<string, number>();
    scene.model.nodes.forEach((n, i) => index.set(n.id, i));
    const style = sceneStyle(scene, readTheme(this.container));
    this.loaded = { scene, grid: new SpatialGrid(scene.boxes, scene.edgeStart, scene.points, scene.width, scene.height), style, index };
    this.highlight = NO_HIGHLIGHT;
    this.container.dataset.nodeCount = String(scene.model.nodes.length);
    this.container.dataset.edgeCount = String(scene.model.edges.length);
    // Where the worker's time went (graph model, layout), for the bench and for bug reports.
    const t = scene.timings;
    this.container.dataset.layoutMs = `in ${Math.round(t.inMs)}, model ${Math.round(t.modelMs)}, layout ${Math.round(t.layoutMs)}, out ${Math.round(t.outMs)}`;
    delete this.container.dataset.focusNode;
    this.camera = this.cameras.get(scene) ?? this.initialCamera(scene);
    // The overview draws every node: it waits until the first frame (only what is in view) is up.
    this.minimapStale = true;
    this.firstFramePending = true;
    this.invalidate();
  }

  /** Small graphs are fitted; big ones open at a readable zoom on their inputs (the top), which is
   *  also the least to draw for the first frame. */
  private initialCamera(scene: GraphScene): Camera {
    const whole = fit({ x: 0, y: 0, width: scene.width, height: scene.height }, this.width, this.height);
    if (whole.k >= 0.5) return whole;
    const k = 0.8;
    const first = scene.model.nodes.findIndex((n) => n.kind === 'input' || n.kind === 'outer');
    const i = first >= 0 ? first : 0;
    const x = scene.boxes.length ? scene.boxes[i * 4]! + scene.boxes[i * 4 + 2]! / 2 : 0;
    return centreOn({ k, tx: 0, ty: 0 }, x, (this.height / 2 - 24) / k, this.width, this.height, k);
  }

  setHighlight(req: HighlightRequest): void {
    const l = this.loaded;
    if (!l) return;
    const n = l.scene.model.nodes.length;
    let hits: Uint8Array | null = null;
    if (req.hits.length) {
      hits = new Uint8Array(n);
      for (const id of req.hits) {
        const i = l.index.get(id);
        if (i !== undefined) hits[i] = 1;
      }
      const f = req.focused ? l.index.get(req.focused) : undefined;
      if (f !== undefined) hits[f] = 2;
    }
    let pathNodes: Uint8Array | null = null;
    let pathEdges: Uint8Array | null = null;
    if (req.path) {
      pathNodes = new Uint8Array(n);
      pathEdges = new Uint8Array(l.scene.model.edges.length);
      for (const id of req.path.nodes) {
        const i = l.index.get(id);
        if (i !== undefined) pathNodes[i] = 1;
      }
      for (const e of req.path.edges) if (e >= 0 && e < pathEdges.length) pathEdges[e] = 1;
    }
    const selected = req.selected ? (l.index.get(req.selected) ?? -1) : -1;
    this.highlight = { selected, hits, pathNodes, pathEdges };
    if (req.selected) this.container.dataset.selectedNode = req.selected;
    else delete this.container.dataset.selectedNode;
    this.invalidate();
  }

  /** Centres the camera on a node, zooming in to a readable level if it is zoomed out. */
  focusNode(nodeId: string): void {
    const l = this.loaded;
    const i = l?.index.get(nodeId);
    if (!l || i === undefined) return;
    const b = l.scene.boxes;
    const k = Math.max(this.camera.k, 1);
    this.camera = centreOn(this.camera, b[i * 4]! + b[i * 4 + 2]! / 2, b[i * 4 + 1]! + b[i * 4 + 3]! / 2, this.width, this.height, k);
    this.container.dataset.focusNode = nodeId;
    this.invalidate();
  }

  fit(): void {
    const l = this.loaded;
    if (!l) return;
    this.camera = fit({ x: 0, y: 0, width: l.scene.width, height: l.scene.height }, this.width, this.height);
    this.invalidate();
  }

  zoomBy(factor: number): void {
    this.camera = zoomAt(this.camera, this.width / 2, this.height / 2, factor);
    this.invalidate();
  }

  setMinimapVisible(on: boolean): void {
    this.minimapOn = on;
    // A hidden minimap has no size to draw at: its overview is made again when it shows.
    if (on) this.minimapStale = true;
    this.invalidate();
  }

  get scene(): GraphScene | null {
    return this.loaded?.scene ?? null;
  }

  get theme() {
    return this.loaded?.style.theme ?? null;
  }

  /** The whole graph as an image at a readable scale (1 to 2 image px per layout px), drawn without
   *  the selection, search hits and path: an export is the graph, not the session's marks. When no
   *  one canvas holds it at 1 px (`maxSide` a side, `maxPixels` in all: Chromium's limits are 32,767
   *  and 268M, and PNG encoding of more takes seconds), the size it would need instead. */
  renderImage(maxSide = 16_384, maxPixels = 64e6): { canvas: HTMLCanvasElement } | { tooBig: { width: number; height: number } } | null {
    const l = this.loaded;
    if (!l) return null;
    const pad = 16;
    // Edge labels are drawn beside their edge and may run past the layout's right edge: room for the longest.
    const label = l.scene.model.edges.reduce((m, e) => Math.max(m, e.label.length), 0) * SUB_FONT_PX * 0.62;
    const w0 = l.scene.width + 2 * pad + label;
    const h0 = l.scene.height + 2 * pad;
    const k = Math.min(2, maxSide / w0, maxSide / h0, Math.sqrt(maxPixels / (w0 * h0)));
    if (k < 1) return { tooBig: { width: Math.ceil(w0), height: Math.ceil(h0) } };
    const out = document.createElement('canvas');
    out.width = Math.max(1, Math.ceil(w0 * k));
    out.height = Math.max(1, Math.ceil(h0 * k));
    drawFrame({
      ctx: out.getContext('2d')!,
      width: out.width,
      height: out.height,
      dpr: 1,
      camera: { k, tx: pad * k, ty: pad * k },
      scene: l.scene,
      grid: l.grid,
      style: l.style,
      highlight: NO_HIGHLIGHT,
    });
    return { canvas: out };
  }

  private restyle(): void {
    const l = this.loaded;
    if (!l) return;
    l.style = sceneStyle(l.scene, readTheme(this.container));
    this.minimapStale = true;
    this.invalidate();
  }

  private resize(): void {
    const r = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(r.width));
    const h = Math.max(1, Math.round(r.height));
    // Keep the centre where it was while the panel is resized or goes full size.
    if (this.width && this.height) this.camera = panBy(this.camera, (w - this.width) / 2, (h - this.height) / 2);
    this.width = w;
    this.height = h;
    this.canvas.width = Math.round(w * this.dpr);
    this.canvas.height = Math.round(h * this.dpr);
    this.minimapStale = true;
    this.invalidate();
  }

  invalidate(): void {
    if (!this.frameRequested) this.frameRequested = requestAnimationFrame(() => this.frame());
  }

  private frame(): void {
    this.frameRequested = 0;
    const l = this.loaded;
    if (!l) return this.paintBlank();
    // Where no resolution query fires (emulated densities), the next frame still draws at the new one.
    if ((window.devicePixelRatio || 1) !== this.dpr) this.resize();
    const t0 = performance.now();
    const ctx = this.canvas.getContext('2d', { alpha: false })!;
    drawFrame({
      ctx,
      width: this.width,
      height: this.height,
      dpr: this.dpr,
      camera: this.camera,
      scene: l.scene,
      grid: l.grid,
      style: l.style,
      highlight: this.highlight,
    });
    if (this.minimapOn && !this.minimapStale) this.minimap.draw(this.camera, this.width, this.height, l.style.theme);
    const t1 = performance.now();
    performance.measure(MEASURE_DRAW, { start: t0, end: t1 });
    // Observers see every measure; the buffer need not keep them all.
    if (++this.drawCount % 200 === 0) performance.clearMeasures(MEASURE_DRAW);
    // The camera for tests and bug reports: zoom, and the drawing point at the viewport's centre.
    this.container.dataset.zoom = this.camera.k.toFixed(4);
    const c = toWorld(this.camera, this.width / 2, this.height / 2);
    this.container.dataset.viewCentre = `${Math.round(c.x)},${Math.round(c.y)}`;
    if (this.firstFramePending) {
      this.firstFramePending = false;
      this.container.dataset.graphState = 'ready';
      performance.mark(MARK_READY);
    }
    if (this.minimapStale && !this.minimapTimer) {
      this.minimapTimer = window.setTimeout(() => {
        this.minimapTimer = 0;
        const cur = this.loaded;
        if (!cur) return;
        this.minimap.setScene(cur.scene, cur.style);
        this.minimapStale = false;
        this.invalidate();
      }, 0);
    }
  }

  private nodeAtClient(clientX: number, clientY: number): string | null {
    const l = this.loaded;
    if (!l) return null;
    const r = this.canvas.getBoundingClientRect();
    const w = toWorld(this.camera, clientX - r.left, clientY - r.top);
    const i = l.grid.nodeAt(w.x, w.y, 2 / this.camera.k);
    return i >= 0 ? l.scene.model.nodes[i]!.id : null;
  }

  private pointerDown(e: PointerEvent, onMinimap: boolean): void {
    if (e.button !== 0) return;
    // Capture keeps a drag going outside the canvas; a pointer the browser no longer tracks cannot be captured.
    try {
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    } catch {
      /* the drag still works while the pointer stays over the canvas */
    }
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false, onMinimap };
    if (onMinimap) this.minimapJump(e);
    else this.canvas.focus({ preventScroll: true });
  }

  private pointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    if (d.onMinimap) return this.minimapJump(e);
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
    d.moved = true;
    d.x = e.clientX;
    d.y = e.clientY;
    this.camera = panBy(this.camera, dx, dy);
    this.invalidate();
  }

  private pointerUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = null;
    if (!d || d.id !== e.pointerId || d.onMinimap || d.moved) return;
    this.cb.onSelect(this.nodeAtClient(e.clientX, e.clientY));
  }

  private minimapJump(e: PointerEvent): void {
    const r = this.minimapCanvas.getBoundingClientRect();
    const w = this.minimap.toWorld(e.clientX - r.left, e.clientY - r.top);
    this.camera = centreOn(this.camera, w.x, w.y, this.width, this.height);
    this.invalidate();
  }

  private doubleClick(e: MouseEvent): void {
    const id = this.nodeAtClient(e.clientX, e.clientY);
    if (id) this.cb.onOpen(id);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.canvas.getBoundingClientRect();
    // Pixel, line and page deltas alike: one notch of a mouse wheel is about 100 px.
    const dy = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
    if (e.ctrlKey || !e.shiftKey) this.camera = zoomAt(this.camera, e.clientX - r.left, e.clientY - r.top, Math.exp(-dy * 0.0015));
    else this.camera = panBy(this.camera, -dy, 0);
    this.invalidate();
  }

  private key(e: KeyboardEvent): void {
    if (e.altKey || e.metaKey || e.ctrlKey) return;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [PAN_STEP, 0],
      ArrowRight: [-PAN_STEP, 0],
      ArrowUp: [0, PAN_STEP],
      ArrowDown: [0, -PAN_STEP],
    };
    const move = moves[e.key];
    if (move) this.camera = panBy(this.camera, move[0] * (e.shiftKey ? 4 : 1), move[1] * (e.shiftKey ? 4 : 1));
    else if (e.key === '+' || e.key === '=') this.camera = zoomAt(this.camera, this.width / 2, this.height / 2, ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') this.camera = zoomAt(this.camera, this.width / 2, this.height / 2, 1 / ZOOM_STEP);
    else if (e.key === '0' || e.key === 'f') return void (e.preventDefault(), this.fit());
    else if (e.key === 'Escape') return void (e.preventDefault(), this.cb.onEscape());
    else if (e.key === 'Enter' && this.container.dataset.selectedNode)
      return void (e.preventDefault(), this.cb.onOpen(this.container.dataset.selectedNode));
    else return;
    e.preventDefault();
    this.invalidate();
  }
}
