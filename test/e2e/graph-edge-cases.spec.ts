// The graph view where a user leaves the happy path: a window moved to a denser screen, a graph with
// nothing in it, a PNG of a graph too deep to read as one image, and Loop and Scan bodies (the
// If case is in graph-view.spec.ts).
import sharp from 'sharp';
import { fileFor } from '../fixtures/fixture-file';
import { residualNet } from '../fixtures/graph-models';
import { subgraphs } from '../fixtures/models';
import { writeModel } from '../fixtures/onnx-writer';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

test('the canvas follows a change of devicePixelRatio (a window moved to a HiDPI screen) and redraws at the new density', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: subgraphs(modelsDir) });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready');
  const backing = () =>
    graph.canvas.evaluate(
      (c: { width: number; height: number; clientWidth: number; clientHeight: number }) =>
        `${c.width / c.clientWidth}x${c.height / c.clientHeight}`,
    );
  await expect.poll(backing).toBe('1x1');
  const viewport = page.viewportSize()!;
  const cdp = await page.context().newCDPSession(page);
  // The CSS size stays: only the density changes, as when a window moves between screens.
  // Chromium's emulation fires no resolution media query (a real screen change does): the frame a
  // pan asks for must notice the new density by itself.
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: viewport.width,
    height: viewport.height,
    deviceScaleFactor: 2,
    mobile: false,
  });
  await graph.canvas.focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(backing).toBe('2x2');
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: viewport.width,
    height: viewport.height,
    deviceScaleFactor: 1,
    mobile: false,
  });
  await page.keyboard.press('ArrowUp');
  await expect.poll(backing).toBe('1x1');
});

test('a graph with no nodes, inputs or outputs says so instead of showing a blank canvas, and offers no export', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const model = writeModel(fileFor(modelsDir, 'nothing'), { graph: { name: 'nothing' } });
  const host = await launchHost({ model });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready');
  await expect(graph.view).toHaveAttribute('data-node-count', '0');
  await expect(graph.card.getByTestId('graph-empty')).toContainText('has no nodes, inputs or outputs');
  await expect(graph.button('Export PNG')).toBeDisabled();
  await expect(graph.button('Export SVG')).toBeDisabled();
});

test('Loop and Scan bodies open from the properties panel and by double-click, and the breadcrumbs bring the main graph back', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: subgraphs(modelsDir) });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready');
  const main = await graph.nodeCount();

  // Loop: selected by search, opened from its properties.
  // "loop" finds the loop_cond input first, then the Loop node.
  await graph.search.fill('loop');
  await expect(graph.properties).toContainText('loop_cond');
  await graph.card.getByRole('button', { name: 'Next match', exact: true }).click();
  await expect(graph.properties).toContainText('Loop · ai.onnx');
  await graph.properties.getByRole('button', { name: 'Open body' }).click();
  await expect(graph.breadcrumbs).toContainText('loop.body');
  await graph.expectState('ready');
  // The body's iter, cond_in, v_in → Identity, Add → cond_out, v_out, and the outer scope Add reads x from.
  await expect(graph.view).toHaveAttribute('data-node-count', '8');
  await graph.breadcrumbs.getByRole('button', { name: 'control_flow' }).click();
  await expect(graph.view).toHaveAttribute('data-node-count', String(main));

  // Scan: by double-click on the centred hit.
  await graph.search.fill('scan');
  await expect(graph.view).toHaveAttribute('data-focus-node', /./);
  await graph.clickCentre({ double: true });
  await expect(graph.breadcrumbs).toContainText('scan.body');
  await graph.expectState('ready');
  await expect(graph.view).toHaveAttribute('data-node-count', '6');
  await graph.breadcrumbs.getByRole('button', { name: 'control_flow' }).click();
  await expect(graph.view).toHaveAttribute('data-node-count', String(main));
});

test('opening another model from the Inspect step shows nothing of the last one while the new graph is laid out', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  test.setTimeout(120_000);
  const host = await launchHost({ model: subgraphs(modelsDir) });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready');
  const oldCount = await graph.view.getAttribute('data-node-count');
  await graph.search.fill('scan');
  await expect(graph.properties).toContainText('Scan');

  // Every state the page goes through from here on, as the DOM changes.
  await page.evaluate(`(() => {
    const seen = window.__graphSeen = [];
    const snap = () => {
      const v = document.querySelector('[data-testid="graph-view"]');
      seen.push({ title: document.querySelector('h1')?.textContent ?? '', count: v?.getAttribute('data-node-count') ?? null, props: !!document.querySelector('aside[aria-label="Node properties"]') });
    };
    new MutationObserver(snap).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
  await studio.pickPaths([residualNet(modelsDir, 20000)]);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('residual');
  // What is on screen while it is laid out: the background, not a black canvas (a canvas resized
  // with no graph to draw was left black) nor the last graph.
  if ((await graph.view.getAttribute('data-graph-state')) === 'laying-out') {
    // The middle of the canvas, where the last (small, fitted) graph was drawn, clear of the overlay and the minimap.
    await graph.canvas.scrollIntoViewIfNeeded();
    const box = (await graph.canvas.boundingBox())!;
    const clip = { x: box.x + box.width / 2 - 150, y: box.y + box.height / 2 - 100, width: 300, height: 200 };
    const { channels } = await sharp(await page.screenshot({ clip })).stats();
    // Only a picture taken while still laying out counts (the new graph may have come meanwhile).
    if ((await graph.view.getAttribute('data-graph-state')) === 'laying-out')
      expect(
        channels.slice(0, 3).map((c) => [Math.round(c.mean), Math.round(c.stdev)]),
        'light and blank',
      ).toEqual(channels.slice(0, 3).map((c) => [Math.max(200, Math.round(c.mean)), 0]));
  }
  await graph.expectState('ready', 60_000);
  await expect(graph.view).toHaveAttribute('data-node-count', /^2\d{4}$/);
  const seen = (await page.evaluate('window.__graphSeen')) as Array<{ title: string; count: string | null; props: boolean }>;
  const after = seen.filter((s) => s.title.includes('residual'));
  expect(after.length).toBeGreaterThan(0);
  // Before: the 8-node graph stayed drawn, and the Scan's properties were read against the new summary.
  expect(after.filter((s) => s.count === oldCount)).toEqual([]);
  expect(after.filter((s) => s.props)).toEqual([]);
});
