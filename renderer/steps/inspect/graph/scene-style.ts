// Per-scene drawing data that depends on the theme: a small palette with one index per node (so
// nodes of one colour are filled as one path), label text colours, and labels fitted to their
// boxes (measured once, lazily: the label font has a fixed size in drawing units).
import { opColour } from '../../../../shared/graph/op-colours';
import type { GraphScene } from './scene';
import type { GraphTheme } from './theme';

export const TITLE_FONT_PX = 11;
export const SUB_FONT_PX = 9.5;

export interface SceneStyle {
  theme: GraphTheme;
  palette: string[];
  /** Label colour per palette entry (dark text on light fills, light on dark). */
  ink: string[];
  colourOf: Uint16Array;
  /** Nodes that are not ops (inputs, outputs, initializers, outer) get an outline. */
  outlined: Uint8Array;
  title(i: number, ctx: CanvasRenderingContext2D): string;
  sub(i: number, ctx: CanvasRenderingContext2D): string;
}

export function sceneStyle(scene: GraphScene, theme: GraphTheme): SceneStyle {
  const palette: string[] = [];
  const at = new Map<string, number>();
  const index = (c: string) => {
    let k = at.get(c);
    if (k === undefined) { k = palette.length; palette.push(c); at.set(c, k); }
    return k;
  };
  const nodes = scene.model.nodes;
  const colourOf = new Uint16Array(nodes.length);
  const outlined = new Uint8Array(nodes.length);
  nodes.forEach((n, i) => {
    if (n.kind === 'op') colourOf[i] = index(opColour(n.op ?? '', n.domain ?? ''));
    else {
      colourOf[i] = index(n.kind === 'initializer' ? theme.initializer : theme.io);
      outlined[i] = 1;
    }
  });
  const ink: string[] = palette.map((c) => (lightness(c) > 0.6 ? '#141821' : '#ffffff'));
  // Every io/initializer fill is a token: its ink is the theme's text colour.
  for (const c of [theme.io, theme.initializer]) if (at.has(c)) ink[at.get(c)!] = theme.text;
  const titles: Array<string | undefined> = new Array(nodes.length);
  const subs: Array<string | undefined> = new Array(nodes.length);
  const fitTo = (text: string, width: number, ctx: CanvasRenderingContext2D) => {
    if (ctx.measureText(text).width <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo)}…`;
  };
  const width = (i: number) => scene.boxes[i * 4 + 2]! - 10;
  return {
    theme,
    palette,
    ink,
    colourOf,
    outlined,
    title: (i, ctx) => (titles[i] ??= fitTo(nodes[i]!.kind === 'op' ? nodes[i]!.op ?? '' : nodes[i]!.name, width(i), ctx)),
    sub: (i, ctx) => (subs[i] ??= nodes[i]!.kind === 'op' ? fitTo(nodes[i]!.name, width(i), ctx) : ''),
  };
}

/** Perceived lightness of a #rgb/#rrggbb or rgb() colour, 0…1. */
export function lightness(colour: string): number {
  let r = 0, g = 0, b = 0;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    [r, g, b] = [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16)) as [number, number, number];
  } else {
    const m = /(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)/.exec(colour);
    if (m) [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
