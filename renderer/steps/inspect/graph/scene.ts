// What the canvas draws: the graph model and its layout as flat typed arrays (they cross from the
// layout worker as transferables, and a 50k-node drawing reads them without chasing objects).
import type { GraphModel } from '../../../../shared/graph/graph-model';
import type { GraphLayout, Point } from '../../../../shared/graph/layout';

/** ms: the request's way into the worker, the graph model, the layout, the result's way back. */
export interface LayoutTimings {
  inMs: number;
  modelMs: number;
  layoutMs: number;
  outMs: number;
}

export interface GraphScene {
  model: GraphModel;
  /** x, y, width, height per node, in model.nodes order (drawing units = CSS px at zoom 1). */
  boxes: Float32Array;
  /** Edge e's points are points[2*edgeStart[e] .. 2*edgeStart[e+1]) as x, y pairs. */
  edgeStart: Uint32Array;
  points: Float32Array;
  width: number;
  height: number;
  /** Where the worker spent its time, for the bench and for anyone wondering why it was slow. */
  timings: LayoutTimings;
}

export function packLayout(layout: Pick<GraphLayout, 'nodes' | 'edges'>): {
  boxes: Float32Array;
  edgeStart: Uint32Array;
  points: Float32Array;
} {
  const boxes = new Float32Array(layout.nodes.length * 4);
  layout.nodes.forEach((b, i) => boxes.set([b.x, b.y, b.width, b.height], i * 4));
  const edgeStart = new Uint32Array(layout.edges.length + 1);
  let total = 0;
  layout.edges.forEach((line, e) => {
    edgeStart[e] = total;
    total += line.length;
  });
  edgeStart[layout.edges.length] = total;
  const points = new Float32Array(total * 2);
  let k = 0;
  for (const line of layout.edges)
    for (const p of line) {
      points[k++] = p.x;
      points[k++] = p.y;
    }
  return { boxes, edgeStart, points };
}

/** Back to the shared shape, for graphToSvg (export only: the drawing never needs objects). */
export function sceneLayout(scene: GraphScene): GraphLayout {
  const nodes = scene.model.nodes.map((_, i) => ({
    x: scene.boxes[i * 4]!,
    y: scene.boxes[i * 4 + 1]!,
    width: scene.boxes[i * 4 + 2]!,
    height: scene.boxes[i * 4 + 3]!,
  }));
  const edges: Point[][] = [];
  for (let e = 0; e + 1 < scene.edgeStart.length; e++) {
    const line: Point[] = [];
    for (let p = scene.edgeStart[e]!; p < scene.edgeStart[e + 1]!; p++) line.push({ x: scene.points[p * 2]!, y: scene.points[p * 2 + 1]! });
    edges.push(line);
  }
  return { engine: 'layered', nodes, edges, width: scene.width, height: scene.height };
}
