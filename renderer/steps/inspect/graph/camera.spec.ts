import { describe, expect, it } from 'vitest';
import { centreOn, fit, toWorld, visibleRect, zoomAt } from './camera';

describe('camera', () => {
  it('zooms at the cursor: the world point under it stays under it', () => {
    const c = { k: 0.5, tx: 30, ty: -40 };
    const before = toWorld(c, 200, 120);
    const z = zoomAt(c, 200, 120, 1.7);
    expect(z.k).toBeCloseTo(0.85);
    const after = toWorld(z, 200, 120);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('fits a tall graph inside the viewport with its padding, centred', () => {
    const c = fit({ x: 0, y: 0, width: 200, height: 10_000 }, 800, 600, 20);
    expect(c.k).toBeCloseTo(560 / 10_000);
    const r = visibleRect(c, 800, 600);
    expect(r.y + r.height / 2).toBeCloseTo(5000);
    expect(r.x + r.width / 2).toBeCloseTo(100);
  });

  it('does not magnify a small graph beyond 1 when fitting', () => {
    expect(fit({ x: 0, y: 0, width: 50, height: 50 }, 800, 600).k).toBe(1);
  });

  it('centres a world point', () => {
    const c = centreOn({ k: 2, tx: 0, ty: 0 }, 100, 50, 400, 300);
    expect(toWorld(c, 200, 150)).toEqual({ x: 100, y: 50 });
  });
});
