// Zoomed far out, thousands of nodes and edges fall on the same few device pixels: drawing each
// adds path work and nothing to the picture. The sieve lets the first item on a pixel through and
// drops the rest, for items smaller than a couple of pixels.
export class PixelSieve {
  private bits = new Uint8Array(0);
  private w = 0;
  private h = 0;

  /** Starts a frame on a canvas of w × h device pixels. */
  reset(w: number, h: number): void {
    const n = w * h;
    if (this.bits.length < n) this.bits = new Uint8Array(n);
    else this.bits.fill(0, 0, n);
    this.w = w;
    this.h = h;
  }

  /** True the first time the device pixel (x, y) is claimed in this frame (and off-canvas, always). */
  claim(x: number, y: number): boolean {
    const px = Math.floor(x);
    const py = Math.floor(y);
    if (px < 0 || py < 0 || px >= this.w || py >= this.h) return true;
    const i = py * this.w + px;
    if (this.bits[i]) return false;
    this.bits[i] = 1;
    return true;
  }
}
