// "Export PNG" and "Export SVG" of the graph shown: the PNG is the canvas drawing of the whole graph
// at a readable scale; the SVG is graphToSvg's document (one element per node and per edge), the
// renderer `modelcrate graph --format svg` uses, and what a graph too big for one PNG is saved as.
import { graphToSvg } from '../../../../shared/graph/svg-export';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import { downloadBlob } from '../../test/download';
import { sceneLayout } from './scene';
import type { GraphViewController } from './view-controller';

/** model.onnx + [if_1/then_branch] → "model.if_1.then_branch" (safe as a file name). */
export function exportBaseName(fileName: string, path: readonly SubgraphStep[]): string {
  const base = fileName.replace(/\.(onnx|tar\.gz|tgz)$/i, '') || 'graph';
  const steps = path.map((s) => `${s.node}.${s.attribute}${s.index ? `.${s.index}` : ''}`);
  return [base, ...steps].join('.').replace(/[^\w.-]+/g, '_');
}

export function exportSvg(ctl: GraphViewController, name: string, highlight?: ReadonlySet<string>): void {
  const scene = ctl.scene;
  if (!scene) return;
  const svg = graphToSvg(scene.model, sceneLayout(scene), {
    theme: ctl.theme?.dark ? 'dark' : 'light',
    ...(highlight ? { highlight } : {}),
  });
  downloadBlob(`${name}.svg`, svg, 'image/svg+xml');
}

/** Resolves with what was saved: the whole graph as PNG, or (too big for one PNG at a readable
 *  scale) as SVG, with the pixel size a PNG would have needed; null when there was nothing to draw. */
export function exportPng(
  ctl: GraphViewController,
  name: string,
): Promise<{ saved: 'png' } | { saved: 'svg'; width: number; height: number } | null> {
  const image = ctl.renderImage();
  if (!image) return Promise.resolve(null);
  if ('tooBig' in image) {
    exportSvg(ctl, name);
    return Promise.resolve({ saved: 'svg', ...image.tooBig });
  }
  return new Promise((resolve, reject) =>
    image.canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('The browser could not encode the image.'));
      downloadBlob(`${name}.png`, blob, 'image/png');
      resolve({ saved: 'png' });
    }, 'image/png'),
  );
}
