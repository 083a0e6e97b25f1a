// Where an edge's tensor label goes, for the canvas and the SVG export alike: a third of the way
// along the edge from its producer. Edges meet only at their ends; labels put at the consumer end
// were drawn on top of each other wherever several tensors go into one node (Concat, Loop, the
// attention MatMuls), and at the middle they still touched. Near the producer, the edges that
// crowd are a tensor's fan-out, whose labels are the same text.

const FROM_START = 1 / 3;

/** The label anchor of the edge whose points are xy[2*start .. 2*end) as x, y pairs; null for an
 *  edge of fewer than two points. */
export function edgeLabelAnchor(xy: ArrayLike<number>, start: number, end: number): { x: number; y: number } | null {
  if (end - start < 2) return null;
  let total = 0;
  for (let i = start; i + 1 < end; i++) total += Math.hypot(xy[i * 2 + 2]! - xy[i * 2]!, xy[i * 2 + 3]! - xy[i * 2 + 1]!);
  let left = total * FROM_START;
  for (let i = start; i + 1 < end; i++) {
    const x0 = xy[i * 2]!, y0 = xy[i * 2 + 1]!, x1 = xy[i * 2 + 2]!, y1 = xy[i * 2 + 3]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len >= left && len > 0) return { x: x0 + ((x1 - x0) * left) / len, y: y0 + ((y1 - y0) * left) / len };
    left -= len;
  }
  return { x: xy[(end - 1) * 2]!, y: xy[(end - 1) * 2 + 1]! };
}
