// The overview in the corner: the whole graph drawn once into an offscreen bitmap (per layout and
// theme), then each frame that bitmap and the viewport's outline. Clicking or dragging on it moves
// the camera there.
import { visibleRect, type Camera } from './camera';
import type { GraphScene } from './scene';
import type { SceneStyle } from './scene-style';

export class Minimap {
  private image: HTMLCanvasElement | null = null;
  /** Drawing units → minimap CSS px, and the offset that centres the graph in the box. */
  private k = 1;
  private ox = 0;
  private oy = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  private size() {
    return { w: this.canvas.clientWidth || 1, h: this.canvas.clientHeight || 1, dpr: window.devicePixelRatio || 1 };
  }

  setScene(scene: GraphScene, style: SceneStyle): void {
    const { w, h, dpr } = this.size();
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    const pad = 4;
    this.k = Math.min((w - 2 * pad) / Math.max(1, scene.width), (h - 2 * pad) / Math.max(1, scene.height));
    this.ox = (w - scene.width * this.k) / 2;
    this.oy = (h - scene.height * this.k) / 2;
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
        ctx.rect(this.ox + b[i * 4]! * this.k, this.oy + b[i * 4 + 1]! * this.k, Math.max(min, b[i * 4 + 2]! * this.k), Math.max(min, b[i * 4 + 3]! * this.k));
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
    const w = Math.max(6, r.width * this.k);
    const h = Math.max(6, r.height * this.k);
    const x = this.ox + (r.x + r.width / 2) * this.k - w / 2;
    const y = this.oy + (r.y + r.height / 2) * this.k - h / 2;
    ctx.strokeRect(x, y, w, h);
  }

  /** The drawing point under minimap CSS coordinates. */
  toWorld(mx: number, my: number): { x: number; y: number } {
    return { x: (mx - this.ox) / this.k, y: (my - this.oy) / this.k };
  }
}
