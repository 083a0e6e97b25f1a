// The overview in the corner: the whole graph drawn once into an offscreen bitmap (per layout and
// theme), then each frame that bitmap and the viewport's outline. Clicking or dragging on it moves
// the camera there.
import { visibleRect, type Camera } from './camera';
import type { GraphScene } from './scene';
import type { SceneStyle } from './scene-style';

/** The least share of the box's width (height) a tall (wide) graph is stretched to fill. */
const MIN_SHARE = 0.35;

export class Minimap {
  private image: HTMLCanvasElement | null = null;
  /** Drawing units → minimap CSS px per axis, and the offset that centres the graph in the box.
   *  The axes scale apart when the graph is far taller (or wider) than the box: a deep network is
   *  thousands of times taller than wide, and a true-aspect overview would be a one-pixel line. */
  private kx = 1;
  private ky = 1;
  private ox = 0;
  private oy = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  private size() {
    return { w: this.canvas.clientWidth || 1, h: this.canvas.clientHeight || 1, dpr: window.devicePixelRatio || 1 };
  }

  /** Blank until the next setScene. */
  clear(): void {
    this.image = null;
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  setScene(scene: GraphScene, style: SceneStyle): void {
    const { w, h, dpr } = this.size();
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    const pad = 4;
    const fx = (w - 2 * pad) / Math.max(1, scene.width);
    const fy = (h - 2 * pad) / Math.max(1, scene.height);
    this.kx = Math.min(fx, Math.max(fy, (w * MIN_SHARE) / Math.max(1, scene.width)));
    this.ky = Math.min(fy, Math.max(fx, (h * MIN_SHARE) / Math.max(1, scene.height)));
    this.ox = (w - scene.width * this.kx) / 2;
    this.oy = (h - scene.height * this.ky) / 2;
    const img = document.createElement('canvas');
    img.width = this.canvas.width;
    img.height = this.canvas.height;
    const ctx = img.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = style.theme.surface;
    ctx.fillRect(0, 0, w, h);
    // Every node at least one device pixel, one fill per colour.
    const min = 1 / dpr;
    const b = scene.boxes;
    const n = b.length / 4;
    for (let c = 0; c < style.palette.length; c++) {
      ctx.fillStyle = style.palette[c]!;
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        if (style.colourOf[i] !== c) continue;
        ctx.rect(
          this.ox + b[i * 4]! * this.kx,
          this.oy + b[i * 4 + 1]! * this.ky,
          Math.max(min, b[i * 4 + 2]! * this.kx),
          Math.max(min, b[i * 4 + 3]! * this.ky),
        );
      }
      ctx.fill();
    }
    this.image = img;
  }

  draw(camera: Camera, viewW: number, viewH: number, theme: { accent: string }): void {
    if (!this.image) return;
    const ctx = this.canvas.getContext('2d')!;
    const { dpr } = this.size();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.image, 0, 0);
    const r = visibleRect(camera, viewW, viewH);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = theme.accent;
    ctx.lineWidth = 1.5;
    // At least a few pixels, so the viewport is findable on a 50k-node overview.
    const w = Math.max(6, r.width * this.kx);
    const h = Math.max(6, r.height * this.ky);
    const x = this.ox + (r.x + r.width / 2) * this.kx - w / 2;
    const y = this.oy + (r.y + r.height / 2) * this.ky - h / 2;
    ctx.strokeRect(x, y, w, h);
  }

  /** The drawing point under minimap CSS coordinates. */
  toWorld(mx: number, my: number): { x: number; y: number } {
    return { x: (mx - this.ox) / this.kx, y: (my - this.oy) / this.ky };
  }
}
