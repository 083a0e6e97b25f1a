// Per-scene drawing data that depends on the theme: a small palette with one index per node (so
// nodes of one colour are filled as one path), label text colours, and labels fitted to their
// boxes (measured once, lazily: the label font has a fixed size in drawing units).
import { opColour, opTextColour } from '../../../../shared/graph/op-colours';
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
  const ink: string[] = [];
  // Label colour per fill: the category's own text colour (shared/graph/op-colours.ts picks it
  // for ≥ 4.5:1 contrast); a lightness threshold left white on some fills below that.
  const index = (c: string, text: string) => {
    let k = at.get(c);
    if (k === undefined) {
      k = palette.length;
      palette.push(c);
      ink.push(text);
      at.set(c, k);
    }
    return k;
  };
  const nodes = scene.model.nodes;
  const colourOf = new Uint16Array(nodes.length);
  const outlined = new Uint8Array(nodes.length);
  nodes.forEach((n, i) => {
    if (n.kind === 'op') colourOf[i] = index(opColour(n.op ?? '', n.domain ?? ''), opTextColour(n.op ?? '', n.domain ?? ''));
    else {
      // io/initializer fills are theme tokens: their ink is the theme's text colour.
      colourOf[i] = index(n.kind === 'initializer' ? theme.initializer : theme.io, theme.text);
      outlined[i] = 1;
    }
  });
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
    title: (i, ctx) => (titles[i] ??= fitTo(nodes[i]!.kind === 'op' ? (nodes[i]!.op ?? '') : nodes[i]!.name, width(i), ctx)),
    sub: (i, ctx) => (subs[i] ??= nodes[i]!.kind === 'op' ? fitTo(nodes[i]!.name, width(i), ctx) : ''),
  };
}
