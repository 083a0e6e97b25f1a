// The view's camera: screen = world · k + (tx, ty), in CSS pixels. Pure, so it is tested in Node.

export interface Camera {
  k: number;
  tx: number;
  ty: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_ZOOM = 1e-4;
export const MAX_ZOOM = 8;

const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

export const toWorld = (c: Camera, sx: number, sy: number) => ({ x: (sx - c.tx) / c.k, y: (sy - c.ty) / c.k });

/** The world rectangle a viewport of this size shows. */
export const visibleRect = (c: Camera, width: number, height: number): Rect => ({
  x: -c.tx / c.k,
  y: -c.ty / c.k,
  width: width / c.k,
  height: height / c.k,
});

/** Zooms by `factor` keeping the world point under (sx, sy) where it is (wheel at the cursor). */
export function zoomAt(c: Camera, sx: number, sy: number, factor: number): Camera {
  const k = clampZoom(c.k * factor);
  const w = toWorld(c, sx, sy);
  return { k, tx: sx - w.x * k, ty: sy - w.y * k };
}

export const panBy = (c: Camera, dx: number, dy: number): Camera => ({ ...c, tx: c.tx + dx, ty: c.ty + dy });

/** Puts the world point (wx, wy) at the viewport's centre. */
export const centreOn = (c: Camera, wx: number, wy: number, width: number, height: number, k = c.k): Camera => ({
  k,
  tx: width / 2 - wx * k,
  ty: height / 2 - wy * k,
});

/** The whole of `bounds` in view with `pad` pixels around it, never magnified beyond `maxK`. */
export function fit(bounds: Rect, width: number, height: number, pad = 24, maxK = 1): Camera {
  const k = clampZoom(Math.min(maxK, (width - 2 * pad) / Math.max(1, bounds.width), (height - 2 * pad) / Math.max(1, bounds.height)));
  return centreOn({ k, tx: 0, ty: 0 }, bounds.x + bounds.width / 2, bounds.y + bounds.height / 2, width, height, k);
}
