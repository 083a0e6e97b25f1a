// Issue 16, item 9: "Export PNG" saves the whole graph at a readable scale, without the selection or
// search marks of the session; a graph too big for one PNG at that scale is saved as SVG (the
// renderer `modelcrate graph --format svg` uses), and the notice says so.
import { readFileSync } from 'node:fs';
import { residualNet } from '../fixtures/graph-models';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)] as const;

test('Export PNG: the whole graph, the same image with or without a selection and search hits, at 1 px or more per layout px', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  test.setTimeout(120_000);
  // Deep enough that the old 8192 px cap squeezed it below a readable scale.
  const host = await launchHost({ model: residualNet(modelsDir, 150) });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready', 60_000);

  const plain = await graph.exportPng();
  expect(plain.subarray(1, 4).toString('latin1')).toBe('PNG');
  const [width, height] = size(plain);
  expect(height).toBeGreaterThan(8192);
  expect(width).toBeGreaterThan(150);
  await expect(graph.card.getByTestId('graph-notice')).toHaveCount(0);

  // Search and select: the view shows rings and dims the rest; the export does not.
  await graph.search.fill('Relu');
  await graph.search.press('Enter');
  await expect(graph.properties).toBeVisible();
  const marked = await graph.exportPng();
  expect(size(marked)).toEqual([width, height]);
  expect(marked.equals(plain)).toBe(true);
});

test('Export PNG of a graph too big for one readable PNG saves the whole graph as SVG and says so', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  test.setTimeout(120_000);
  const host = await launchHost({ model: residualNet(modelsDir, 3000) });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready', 60_000);
  const nodes = await graph.nodeCount();

  const download = page.waitForEvent('download');
  await graph.button('Export PNG').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.svg$/);
  const svg = readFileSync(await file.path(), 'utf8');
  expect(svg).toContain(`data-node-count="${nodes}"`);
  expect(svg.match(/data-node-id="/g)?.length).toBe(nodes);
  await expect(graph.card.getByTestId('graph-notice')).toContainText('more than one PNG holds, so it was saved as SVG');
});
