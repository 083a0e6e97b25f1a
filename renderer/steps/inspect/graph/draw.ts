// One frame of the graph: only what the viewport shows (the grid culls), with level of detail —
// coloured boxes and bare edges when zoomed out, rounded boxes and arrowheads closer, then labels,
// then edge labels. Nodes of one colour are one path and one fill.
import { edgeLabelAnchor, edgeLabelFractions } from '../../../../shared/graph/edge-label';
import { visibleRect, type Camera } from './camera';
import type { GraphScene } from './scene';
import { SUB_FONT_PX, TITLE_FONT_PX, type SceneStyle } from './scene-style';
import { PixelSieve } from './pixel-sieve';
import type { SpatialGrid } from './spatial-grid';

/** Zoom levels (screen px per drawing unit) at which more detail appears. */
export const LOD = { shapes: 0.3, labels: 0.55, edgeLabels: 1 };

export interface Highlight {
  /** Node index, or -1. */
  selected: number;
  /** Per node: 1 = search hit, 2 = the focused hit. */
  hits: Uint8Array | null;
  /** Per node / per edge: on the path from the inputs to the selection. */
  pathNodes: Uint8Array | null;
  pathEdges: Uint8Array | null;
}

export const NO_HIGHLIGHT: Highlight = { selected: -1, hits: null, pathNodes: null, pathEdges: null };

export interface Frame {
  ctx: CanvasRenderingContext2D;
  /** Canvas size in CSS px, and device pixels per CSS px. */
  width: number;
  height: number;
  dpr: number;
  camera: Camera;
  scene: GraphScene;
  grid: SpatialGrid;
  style: SceneStyle;
  highlight: Highlight;
}

const DIM_ALPHA = 0.18;

// Reused between frames: a 50k-node frame should not allocate per node.
let bucketStart = new Int32Array(0);
let bucketItems = new Int32Array(0);
const nodeSieve = new PixelSieve();
const edgeSieve = new PixelSieve();
/** Items smaller than this many device pixels go through the sieve. */
const SIEVE_BELOW = 2;

export function drawFrame(f: Frame): { nodes: number; edges: number } {
  const { ctx, camera: c, dpr, style, highlight: h } = f;
  const t = style.theme;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = t.background;
  ctx.fillRect(0, 0, f.width, f.height);
  ctx.setTransform(dpr * c.k, 0, 0, dpr * c.k, dpr * c.tx, dpr * c.ty);
  const view = visibleRect(c, f.width, f.height);
  const px = 1 / c.k; // one CSS pixel in drawing units
  const active = h.selected >= 0 || h.hits !== null;
  nodeSieve.reset(Math.ceil(f.width * dpr), Math.ceil(f.height * dpr));
  edgeSieve.reset(Math.ceil(f.width * dpr), Math.ceil(f.height * dpr));
  const edges = f.grid.edgesIn(view);
  drawEdges(f, edges, active, px);
  const nodes = f.grid.nodesIn(view);
  drawNodes(f, nodes, active, px);
  if (c.k >= LOD.labels) drawLabels(f, nodes, active);
  if (c.k >= LOD.edgeLabels) drawEdgeLabels(f, edges, active);
  drawMarks(f, nodes, px);
  ctx.globalAlpha = 1;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return { nodes: nodes.length, edges: edges.length };
}

function tracePolyline(ctx: CanvasRenderingContext2D, s: GraphScene, e: number): void {
  const a = s.edgeStart[e]!;
  const b = s.edgeStart[e + 1]!;
  if (b - a < 2) return;
  ctx.moveTo(s.points[a * 2]!, s.points[a * 2 + 1]!);
  for (let p = a + 1; p < b; p++) ctx.lineTo(s.points[p * 2]!, s.points[p * 2 + 1]!);
}

function traceArrow(ctx: CanvasRenderingContext2D, s: GraphScene, e: number, size: number): void {
  const a = s.edgeStart[e]!;
  const b = s.edgeStart[e + 1]!;
  if (b - a < 2) return;
  const x = s.points[(b - 1) * 2]!,
    y = s.points[(b - 1) * 2 + 1]!;
  const dx = x - s.points[(b - 2) * 2]!,
    dy = y - s.points[(b - 2) * 2 + 1]!;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len,
    uy = dy / len;
  ctx.moveTo(x, y);
  ctx.lineTo(x - ux * size - uy * size * 0.5, y - uy * size + ux * size * 0.5);
  ctx.lineTo(x - ux * size + uy * size * 0.5, y - uy * size - ux * size * 0.5);
  ctx.closePath();
}

function drawEdges(f: Frame, edges: Int32Array, active: boolean, px: number): void {
  const { ctx, scene: s, highlight: h, style } = f;
  const arrows = f.camera.k >= LOD.shapes;
  const onPath = (e: number) => h.pathEdges !== null && h.pathEdges[e] === 1;
  ctx.lineWidth = Math.max(px, 1.2);
  ctx.strokeStyle = style.theme.edge;
  ctx.fillStyle = style.theme.edge;
  ctx.globalAlpha = active ? DIM_ALPHA : 1;
  // Far out, an edge a pixel or two long is drawn only if no other has drawn on its pixel.
  const k = f.camera.k * f.dpr;
  const sieve = (e: number) => {
    const a = s.edgeStart[e]!,
      z = s.edgeStart[e + 1]! - 1;
    if (z <= a) return false;
    const x0 = s.points[a * 2]!,
      y0 = s.points[a * 2 + 1]!;
    if (Math.abs(s.points[z * 2]! - x0) * k >= SIEVE_BELOW || Math.abs(s.points[z * 2 + 1]! - y0) * k >= SIEVE_BELOW) return true;
    return edgeSieve.claim(x0 * k + f.camera.tx * f.dpr, y0 * k + f.camera.ty * f.dpr);
  };
  ctx.beginPath();
  for (const e of edges) if (!onPath(e) && (arrows || sieve(e))) tracePolyline(ctx, s, e);
  ctx.stroke();
  if (arrows) {
    ctx.beginPath();
    for (const e of edges) if (!onPath(e)) traceArrow(ctx, s, e, 7);
    ctx.fill();
  }
  if (!h.pathEdges) return;
  ctx.globalAlpha = 1;
  ctx.strokeStyle = style.theme.accent;
  ctx.fillStyle = style.theme.accent;
  ctx.lineWidth = Math.max(2 * px, 2.4);
  ctx.beginPath();
  for (const e of edges) if (onPath(e)) tracePolyline(ctx, s, e);
  ctx.stroke();
  if (arrows) {
    ctx.beginPath();
    for (const e of edges) if (onPath(e)) traceArrow(ctx, s, e, 8);
    ctx.fill();
  }
}

const emphasised = (h: Highlight, i: number) =>
  i === h.selected || (h.hits !== null && h.hits[i]! > 0) || (h.pathNodes !== null && h.pathNodes[i] === 1);

function drawNodes(f: Frame, nodes: Int32Array, active: boolean, px: number): void {
  const { ctx, scene: s, style } = f;
  const b = s.boxes;
  const rounded = f.camera.k >= LOD.shapes;
  // Counting sort by palette entry; the dimmed ones first so emphasised nodes draw over them.
  const P = style.palette.length;
  const slots = P * 2;
  if (bucketStart.length < slots + 1) bucketStart = new Int32Array(slots + 1);
  if (bucketItems.length < nodes.length) bucketItems = new Int32Array(b.length / 4);
  bucketStart.fill(0, 0, slots + 1);
  const slotOf = (i: number) => style.colourOf[i]! + (active && !emphasised(f.highlight, i) ? 0 : P);
  // Far out, a node of a pixel or two is drawn only if no other has drawn on its pixel (emphasised
  // ones always are); -1 marks the dropped.
  const kd = f.camera.k * f.dpr;
  const ox = f.camera.tx * f.dpr;
  const oy = f.camera.ty * f.dpr;
  const slot = (i: number) => {
    const sl = slotOf(i);
    if (rounded || (active && sl >= P) || b[i * 4 + 2]! * kd >= SIEVE_BELOW || b[i * 4 + 3]! * kd >= SIEVE_BELOW) return sl;
    return nodeSieve.claim(b[i * 4]! * kd + ox, b[i * 4 + 1]! * kd + oy) ? sl : -1;
  };
  let count = 0;
  for (const i of nodes) {
    const sl = slot(i);
    if (sl < 0) continue;
    bucketItems[count++] = i;
    bucketStart[sl + 1]!++;
  }
  for (let q = 0; q < slots; q++) bucketStart[q + 1]! += bucketStart[q]!;
  const fill = bucketStart.slice(0, slots);
  // Second pass over the kept ones (the first pass wrote them to the front of bucketItems).
  const kept = bucketItems.slice(0, count);
  for (const i of kept) bucketItems[fill[slotOf(i)]!++] = i;
  // Sub-pixel boxes still show as one pixel: a zoomed-out 50k graph stays visible, not blank.
  const minSize = px;
  for (let k = 0; k < slots; k++) {
    const from = bucketStart[k]!;
    const to = bucketStart[k + 1]!;
    if (from === to) continue;
    ctx.globalAlpha = k < P && active ? DIM_ALPHA : 1;
    ctx.fillStyle = style.palette[k % P]!;
    ctx.beginPath();
    for (let j = from; j < to; j++) {
      const i = bucketItems[j]!;
      const w = Math.max(minSize, b[i * 4 + 2]!),
        hgt = Math.max(minSize, b[i * 4 + 3]!);
      if (rounded) ctx.roundRect(b[i * 4]!, b[i * 4 + 1]!, w, hgt, 5);
      else ctx.rect(b[i * 4]!, b[i * 4 + 1]!, w, hgt);
    }
    ctx.fill();
  }
  if (!rounded) return;
  // Inputs, outputs and initializers: an outline, since their fill is close to the background.
  ctx.lineWidth = Math.max(px, 1);
  ctx.strokeStyle = style.theme.border;
  ctx.beginPath();
  for (const i of nodes) if (style.outlined[i]) ctx.roundRect(b[i * 4]!, b[i * 4 + 1]!, b[i * 4 + 2]!, b[i * 4 + 3]!, 5);
  ctx.globalAlpha = active ? DIM_ALPHA : 1;
  ctx.stroke();
}

function drawLabels(f: Frame, nodes: Int32Array, active: boolean): void {
  const { ctx, scene: s, style } = f;
  const b = s.boxes;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const pass of ['title', 'sub'] as const) {
    ctx.font = pass === 'title' ? `600 ${TITLE_FONT_PX}px ${style.theme.font}` : `${SUB_FONT_PX}px ${style.theme.mono}`;
    for (const i of nodes) {
      const text = pass === 'title' ? style.title(i, ctx) : style.sub(i, ctx);
      if (!text) continue;
      const x = b[i * 4]!,
        y = b[i * 4 + 1]!,
        w = b[i * 4 + 2]!,
        hgt = b[i * 4 + 3]!;
      const two = hgt > 30;
      ctx.globalAlpha = active && !emphasised(f.highlight, i) ? DIM_ALPHA : pass === 'sub' ? 0.85 : 1;
      ctx.fillStyle = style.ink[style.colourOf[i]!]!;
      ctx.fillText(text, x + w / 2, pass === 'title' ? y + (two ? hgt * 0.34 : hgt / 2) : y + hgt * 0.7);
    }
  }
}

/** Per scene, where along each edge its label goes (computed on the first zoom that shows labels). */
const labelFractions = new WeakMap<GraphScene, Float32Array>();

function drawEdgeLabels(f: Frame, edges: Int32Array, active: boolean): void {
  const { ctx, scene: s, style } = f;
  let fractions = labelFractions.get(s);
  if (!fractions) labelFractions.set(s, (fractions = edgeLabelFractions(s.model)));
  ctx.font = `${SUB_FONT_PX}px ${style.theme.mono}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = style.theme.muted;
  for (const e of edges) {
    const label = s.model.edges[e]!.label;
    const a = s.edgeStart[e]!;
    const z = s.edgeStart[e + 1]!;
    const at = label ? edgeLabelAnchor(s.points, a, z, fractions[e]) : null;
    if (!at) continue;
    ctx.globalAlpha = active && !(f.highlight.pathEdges?.[e] === 1) ? DIM_ALPHA : 0.9;
    ctx.fillText(label, at.x + 4, at.y);
  }
}

/** Outlines for the selection and the search hits, always on top and always visible. */
function drawMarks(f: Frame, nodes: Int32Array, px: number): void {
  const { ctx, scene: s, highlight: h, style } = f;
  const b = s.boxes;
  ctx.globalAlpha = 1;
  ctx.strokeStyle = style.theme.accent;
  const ring = (i: number, width: number) => {
    const pad = width * px;
    ctx.lineWidth = width * px;
    ctx.strokeRect(b[i * 4]! - pad, b[i * 4 + 1]! - pad, b[i * 4 + 2]! + 2 * pad, b[i * 4 + 3]! + 2 * pad);
  };
  if (h.hits) for (const i of nodes) if (h.hits[i]! > 0 && i !== h.selected) ring(i, h.hits[i] === 2 ? 3 : 1.5);
  if (h.selected >= 0) {
    ctx.strokeStyle = style.theme.text;
    ring(h.selected, 3);
  }
}
