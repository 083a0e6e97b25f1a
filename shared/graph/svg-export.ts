// The graph as a standalone SVG document: the view's "Export SVG", `modelcrate graph --format svg`,
// and the plain-SVG baseline the graph bench compares the canvas with. Pure string building.
//
// Decisions:
// - Every string that comes from the model (names, op types, tensor names, domains) is untrusted:
//   it is XML-escaped, and characters XML 1.0 forbids (controls, lone surrogates) become U+FFFD, so
//   the file always parses and a node named `<script>` is text, never markup.
// - Colours are written as attributes, not in a stylesheet, so the file looks the same wherever it
//   is embedded; data-* attributes carry ids for whoever wants to check or restyle it.
// - The viewBox is the bounds of what is drawn (boxes and polylines) plus a margin, whatever
//   origin the layout engine used.
import type { GraphModel, GraphNode } from './graph-model';
import type { GraphLayout, Point } from './layout';
import { edgeLabelAnchor, edgeLabelFractions } from './edge-label';
import { categoryInfo, opCategory } from './op-colours';

export interface SvgExportOptions {
  theme?: 'light' | 'dark';
  /** Node ids drawn emphasised (a selection, search hits, a highlighted path). */
  highlight?: ReadonlySet<string>;
  /** Draw each edge's dtype/shape (or tensor name) next to it. Default false: big graphs get noisy. */
  edgeLabels?: boolean;
}

/** Theme colours, the values of renderer/styles/tokens.css (a standalone file cannot read CSS vars). */
const THEMES = {
  light: { bg: '#ffffff', text: '#141821', muted: '#555d6b', edge: '#8a93a6', border: '#3a4252', io: '#eef0f4', accent: '#4f46e5' },
  dark: { bg: '#0e1015', text: '#e8eaef', muted: '#a3abba', edge: '#6b7486', border: '#c9ced8', io: '#222733', accent: '#959bff' },
} as const;

const MARGIN = 16;
const CHAR_WIDTH = 7;

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// A block, not next-line: Prettier breaks the first declaration after its `=`.
/* eslint-disable no-control-regex -- control characters are what these two find */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NEEDS_ESCAPE = /[&<>"'\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/* eslint-enable no-control-regex */

/** Text or attribute value safe inside double quotes or element content. */
export function xmlEscape(s: string): string {
  // Most names need nothing: one test instead of seven replaces.
  if (!NEEDS_ESCAPE.test(s)) return s;
  return (
    s
      .replace(NOT_XML_CHAR, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // Attribute values normalise whitespace on parse; character references keep tabs and newlines.
      .replace(/\t/g, '&#9;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
  );
}

const num = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : 0);

/** Cut to what fits in `width` at the estimated character width (the layout estimates the same way). */
function fit(s: string, width: number): string {
  const max = Math.max(3, Math.floor((width - 12) / CHAR_WIDTH));
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function title(n: GraphNode): string {
  if (n.kind !== 'op') return `${n.kind}: ${n.name}`;
  const op = n.domain ? `${n.domain}.${n.op}` : (n.op ?? '');
  return n.name ? `${op} — ${n.name}` : op;
}

export function graphToSvg(model: GraphModel, layout: GraphLayout, opts: SvgExportOptions = {}): string {
  const t = THEMES[opts.theme ?? 'light'];
  const hl = opts.highlight ?? new Set<string>();

  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const grow = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  };
  for (const b of layout.nodes) {
    grow(b.x, b.y);
    grow(b.x + b.width, b.y + b.height);
  }
  for (const pl of layout.edges) for (const p of pl) grow(p.x, p.y);
  if (minX > maxX) {
    minX = 0;
    minY = 0;
    maxX = 0;
    maxY = 0;
  }
  const vx = num(minX - MARGIN),
    vy = num(minY - MARGIN);
  const vw = num(maxX - minX + 2 * MARGIN),
    vh = num(maxY - minY + 2 * MARGIN);

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${vw}" height="${vh}" viewBox="${vx} ${vy} ${vw} ${vh}" data-graph="${xmlEscape(model.name)}" data-node-count="${model.nodes.length}" data-edge-count="${model.edges.length}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<title>${xmlEscape(model.name || 'graph')}</title>`);
  out.push('<defs>');
  out.push(
    `<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${t.edge}"/></marker>`,
  );
  out.push(
    `<marker id="arrow-hl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${t.accent}"/></marker>`,
  );
  out.push('</defs>');
  out.push(`<rect x="${vx}" y="${vy}" width="${vw}" height="${vh}" fill="${t.bg}"/>`);

  const at = new Map<string, number>();
  model.nodes.forEach((n, i) => at.set(n.id, i));

  // Edges under nodes: arrows end on the boxes' borders.
  // Stroke and arrow are inherited from the group (29 → 26 MB for a 50k-edge file);
  // only highlighted edges set their own.
  out.push(`<g class="edges" fill="none" stroke="${t.edge}" stroke-width="1.2" marker-end="url(#arrow)">`);
  const fractions = opts.edgeLabels ? edgeLabelFractions(model) : null;
  model.edges.forEach((e, k) => {
    let pts: Point[] = layout.edges[k] ?? [];
    if (pts.length < 2) {
      // An edge the engine skipped still gets its element: straight from bottom centre to top centre.
      const a = layout.nodes[at.get(e.from) ?? -1];
      const b = layout.nodes[at.get(e.to) ?? -1];
      pts =
        a && b
          ? [
              { x: a.x + a.width / 2, y: a.y + a.height },
              { x: b.x + b.width / 2, y: b.y },
            ]
          : [];
    }
    const d = pts.length ? `M${pts.map((p) => `${num(p.x)},${num(p.y)}`).join(' L')}` : 'M0,0';
    const on = hl.has(e.from) && hl.has(e.to);
    out.push(
      `<path data-from="${xmlEscape(e.from)}" data-to="${xmlEscape(e.to)}" data-tensor="${xmlEscape(e.tensor)}" d="${d}"${on ? ` stroke="${t.accent}" stroke-width="2.5" marker-end="url(#arrow-hl)"` : ''}><title>${xmlEscape(e.label ? `${e.tensor}: ${e.label}` : e.tensor)}</title></path>`,
    );
    const anchor = fractions
      ? edgeLabelAnchor(
          pts.flatMap((p) => [p.x, p.y]),
          0,
          pts.length,
          fractions[k],
        )
      : null;
    if (anchor)
      out.push(
        `<text x="${num(anchor.x + 4)}" y="${num(anchor.y)}" font-size="10" fill="${t.muted}" stroke="none">${xmlEscape(e.label || e.tensor)}</text>`,
      );
  });
  out.push('</g>');

  out.push('<g class="nodes">');
  model.nodes.forEach((n, i) => {
    const b = layout.nodes[i] ?? { x: 0, y: 0, width: 0, height: 0 };
    const on = hl.has(n.id);
    const isOp = n.kind === 'op';
    const info = isOp ? categoryInfo(opCategory(n.op ?? '', n.domain ?? '')) : undefined;
    const fill = info?.colour ?? t.io;
    const ink = info?.text ?? t.text;
    // Inputs and outputs are pills, initializers and the outer scope plain rectangles, ops rounded boxes.
    const rx = isOp ? 6 : n.kind === 'input' || n.kind === 'output' ? num(b.height / 2) : 2;
    const attrs = [`data-node-id="${xmlEscape(n.id)}"`, `data-kind="${n.kind}"`];
    if (isOp) attrs.push(`data-op="${xmlEscape(n.op ?? '')}"`, `data-category="${info!.id}"`);
    if (isOp && n.domain) attrs.push(`data-domain="${xmlEscape(n.domain)}"`);
    if (on) attrs.push('data-highlight="true"');
    out.push(`<g ${attrs.join(' ')}>`);
    out.push(`<title>${xmlEscape(title(n))}</title>`);
    out.push(
      `<rect x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}" rx="${rx}" fill="${fill}" stroke="${on ? t.accent : t.border}" stroke-width="${on ? 3 : 0.8}"/>`,
    );
    const cx = num(b.x + b.width / 2);
    const first = isOp ? (n.op ?? '') : n.name;
    const second = isOp ? n.name : '';
    if (second) {
      out.push(
        `<text x="${cx}" y="${num(b.y + b.height / 2 - 3)}" text-anchor="middle" fill="${ink}" font-weight="600">${xmlEscape(fit(first, b.width))}</text>`,
      );
      out.push(
        `<text x="${cx}" y="${num(b.y + b.height / 2 + 11)}" text-anchor="middle" fill="${ink}" font-size="10">${xmlEscape(fit(second, b.width))}</text>`,
      );
    } else {
      out.push(
        `<text x="${cx}" y="${num(b.y + b.height / 2 + 4)}" text-anchor="middle" fill="${ink}"${isOp ? ' font-weight="600"' : ''}>${xmlEscape(fit(first, b.width))}</text>`,
      );
    }
    out.push('</g>');
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
