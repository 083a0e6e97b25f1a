// Where an edge's tensor label goes, for the canvas and the SVG export alike. Edges crowd only at
// their ends: several tensors going into one node (Concat, Loop, attention MatMuls), several
// outputs leaving one (Split, Scan, an LSTM). Labels at the consumer end were drawn on one spot;
// so each label sits along its edge away from the crowded end — a third of the way from the
// producer when the consumer has other inputs, two thirds when the producer has other outputs,
// halfway when both or neither (a tensor read by many has one label text: its overlap is harmless).
import type { GraphModel } from './graph-model';

/** Per edge, how far along it (0 = producer, 1 = consumer) its label goes. */
export function edgeLabelFractions(model: Pick<GraphModel, 'edges'>): Float32Array {
  const into = new Map<string, number>();
  const outOf = new Map<string, Set<string>>();
  for (const e of model.edges) {
    into.set(e.to, (into.get(e.to) ?? 0) + 1);
    let s = outOf.get(e.from);
    if (!s) outOf.set(e.from, (s = new Set()));
    s.add(e.tensor);
  }
  return Float32Array.from(model.edges, (e) => {
    const crowdedStart = outOf.get(e.from)!.size > 1;
    const crowdedEnd = into.get(e.to)! > 1;
    return crowdedStart === crowdedEnd ? 1 / 2 : crowdedEnd ? 1 / 3 : 2 / 3;
  });
}

/** The point `fraction` of the way along the edge whose points are xy[2*start .. 2*end) as x, y
 *  pairs, by length; null for an edge of fewer than two points. */
export function edgeLabelAnchor(xy: ArrayLike<number>, start: number, end: number, fraction = 1 / 2): { x: number; y: number } | null {
  if (end - start < 2) return null;
  let total = 0;
  for (let i = start; i + 1 < end; i++) total += Math.hypot(xy[i * 2 + 2]! - xy[i * 2]!, xy[i * 2 + 3]! - xy[i * 2 + 1]!);
  let left = total * fraction;
  for (let i = start; i + 1 < end; i++) {
    const x0 = xy[i * 2]!,
      y0 = xy[i * 2 + 1]!,
      x1 = xy[i * 2 + 2]!,
      y1 = xy[i * 2 + 3]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len >= left && len > 0) return { x: x0 + ((x1 - x0) * left) / len, y: y0 + ((y1 - y0) * left) / len };
    left -= len;
  }
  return { x: xy[(end - 1) * 2]!, y: xy[(end - 1) * 2 + 1]! };
}
