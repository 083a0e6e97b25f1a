// A uniform grid over the drawing: which nodes and edges touch each cell. Culling asks it for what
// a viewport shows, hit-testing for what is under the pointer; both cost what they return, not the
// size of the graph. Built once per layout from the scene's typed arrays.
import type { Rect } from './camera';

interface Csr {
  start: Int32Array;
  items: Int32Array;
}

const MAX_CELLS = 1 << 18;

export class SpatialGrid {
  readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly nodeCells: Csr;
  private readonly edgeCells: Csr;
  // Stamps dedupe an item that spans several cells; the buffers are reused by every query.
  private readonly nodeStamp: Uint32Array;
  private readonly edgeStamp: Uint32Array;
  private stamp = 0;
  private readonly nodeOut: Int32Array;
  private readonly edgeOut: Int32Array;

  constructor(
    private readonly boxes: Float32Array,
    private readonly edgeStart: Uint32Array,
    private readonly points: Float32Array,
    width: number,
    height: number,
  ) {
    let cell = 256;
    while (Math.ceil(width / cell + 1) * Math.ceil(height / cell + 1) > MAX_CELLS) cell *= 2;
    this.cell = cell;
    this.cols = Math.max(1, Math.ceil(width / cell) + 1);
    this.rows = Math.max(1, Math.ceil(height / cell) + 1);
    const nodes = boxes.length / 4;
    const edges = edgeStart.length - 1;
    this.nodeCells = this.build(nodes, (i, visit) =>
      visit(boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4]! + boxes[i * 4 + 2]!, boxes[i * 4 + 1]! + boxes[i * 4 + 3]!),
    );
    this.edgeCells = this.build(edges, (e, visit) => {
      for (let p = edgeStart[e]!; p + 1 < edgeStart[e + 1]!; p++) {
        const x0 = points[p * 2]!,
          y0 = points[p * 2 + 1]!,
          x1 = points[p * 2 + 2]!,
          y1 = points[p * 2 + 3]!;
        visit(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
      }
    });
    this.nodeStamp = new Uint32Array(nodes);
    this.edgeStamp = new Uint32Array(Math.max(0, edges));
    this.nodeOut = new Int32Array(nodes);
    this.edgeOut = new Int32Array(Math.max(0, edges));
  }

  private col(x: number) {
    return Math.min(this.cols - 1, Math.max(0, Math.floor(x / this.cell)));
  }
  private row(y: number) {
    return Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cell)));
  }

  /** Two passes (count, then fill) into one flat array per cell range: no per-cell arrays. */
  private build(count: number, each: (i: number, visit: (x0: number, y0: number, x1: number, y1: number) => void) => void): Csr {
    const cells = this.cols * this.rows;
    const start = new Int32Array(cells + 1);
    let last = -1;
    let item = 0;
    // A polyline's segments share cells: `last` skips the repeat of the cell just added.
    const counter = (x0: number, y0: number, x1: number, y1: number) => {
      for (let r = this.row(y0); r <= this.row(y1); r++)
        for (let c = this.col(x0); c <= this.col(x1); c++) {
          const k = r * this.cols + c;
          if (k !== last) start[k + 1]!++;
          last = k;
        }
    };
    for (item = 0; item < count; item++) {
      last = -1;
      each(item, counter);
    }
    for (let k = 0; k < cells; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, cells);
    const items = new Int32Array(start[cells]!);
    const filler = (x0: number, y0: number, x1: number, y1: number) => {
      for (let r = this.row(y0); r <= this.row(y1); r++)
        for (let c = this.col(x0); c <= this.col(x1); c++) {
          const k = r * this.cols + c;
          if (k !== last) items[fill[k]!++] = item;
          last = k;
        }
    };
    for (item = 0; item < count; item++) {
      last = -1;
      each(item, filler);
    }
    return { start, items };
  }

  private collect(csr: Csr, stamps: Uint32Array, out: Int32Array, rect: Rect, keep?: (i: number) => boolean): Int32Array {
    let n = 0;
    const s = this.stamp;
    for (let r = this.row(rect.y); r <= this.row(rect.y + rect.height); r++) {
      for (let c = this.col(rect.x); c <= this.col(rect.x + rect.width); c++) {
        const k = r * this.cols + c;
        for (let j = csr.start[k]!; j < csr.start[k + 1]!; j++) {
          const i = csr.items[j]!;
          if (stamps[i] === s) continue;
          stamps[i] = s;
          if (!keep || keep(i)) out[n++] = i;
        }
      }
    }
    return out.subarray(0, n);
  }

  /** Nodes whose box meets `rect` (views into a reused buffer: copy to keep across queries). */
  nodesIn(rect: Rect): Int32Array {
    this.stamp++;
    const b = this.boxes;
    const x1 = rect.x + rect.width,
      y1 = rect.y + rect.height;
    return this.collect(
      this.nodeCells,
      this.nodeStamp,
      this.nodeOut,
      rect,
      (i) => b[i * 4]! <= x1 && b[i * 4]! + b[i * 4 + 2]! >= rect.x && b[i * 4 + 1]! <= y1 && b[i * 4 + 1]! + b[i * 4 + 3]! >= rect.y,
    );
  }

  /** Edges with a segment in a cell that meets `rect` (a cheap superset of the visible edges). */
  edgesIn(rect: Rect): Int32Array {
    this.stamp++;
    return this.collect(this.edgeCells, this.edgeStamp, this.edgeOut, rect);
  }

  /** The topmost node under the world point, or -1. */
  nodeAt(x: number, y: number, slop = 0): number {
    const hits = this.nodesIn({ x: x - slop, y: y - slop, width: 2 * slop, height: 2 * slop });
    return hits.length ? hits[hits.length - 1]! : -1;
  }
}
