// The graph as a standalone SVG document: the view's "Export SVG", `modelcrate graph --format svg`,
// and the plain-SVG baseline the graph bench compares the canvas with. INTERFACE STUB (issue 7):
// the graph-logic helper replaces the body.
import type { GraphModel } from './graph-model';
import type { GraphLayout } from './layout';

export interface SvgExportOptions {
  theme?: 'light' | 'dark';
  /** Node ids drawn emphasised (a selection, search hits, a highlighted path). */
  highlight?: ReadonlySet<string>;
}

/** One `<g data-node-id>` per node and one `<path data-from data-to data-tensor>` per edge, so the
 *  file can be checked against the model and styled by whoever embeds it. */
export function graphToSvg(_model: GraphModel, _layout: GraphLayout, _opts: SvgExportOptions = {}): string {
  return '<svg xmlns="http://www.w3.org/2000/svg"/>';
}
