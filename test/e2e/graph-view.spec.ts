// The Inspect step's graph view in Chromium against the real host: a real CNN's edges (from the
// exported SVG) against the model's node list as python onnx reads it, search that centres a node,
// subgraphs in and out through the breadcrumbs, and a 50,000-node model that opens.
import { join } from 'node:path';
import { nestedSubgraphs } from '../fixtures/models';
import { residualNet } from '../fixtures/graph-models';
import { runPython } from '../fixtures/python-run';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { requirePython } from './support/python';

requireChromium();

interface PyGraph {
  path: string;
  inputs: string[];
  outputs: string[];
  initializers: string[];
  nodes: Array<{ name: string; op: string; inputs: string[]; outputs: string[] }>;
}

/** Producer → consumer edges as the view promises them, derived from python's node list alone:
 *  node ids are positions (n:<index>), graph inputs in:<name>, outputs out:<name>; initializers are
 *  collapsed onto their consumers (no edge); a tensor read twice by one node is one edge. */
function expectedEdges(g: PyGraph): string[] {
  const producer = new Map<string, string>();
  for (const name of g.inputs) producer.set(name, `in:${name}`);
  g.nodes.forEach((n, i) => n.outputs.forEach((t) => t && producer.set(t, `n:${i}`)));
  const edges = new Set<string>();
  g.nodes.forEach((n, i) =>
    n.inputs.forEach((t) => {
      if (t && producer.has(t)) edges.add(`${producer.get(t)} -> n:${i} [${t}]`);
    }),
  );
  for (const name of g.outputs) edges.add(`${producer.get(name)} -> out:${name} [${name}]`);
  return [...edges].sort();
}

/** The exported SVG's edges, one per `<path data-from data-to data-tensor>`. */
function svgEdges(svg: string): string[] {
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return [...svg.matchAll(/<path\b[^>]*\bdata-from="[^>]*>/g)]
    .map(([tag]) => `${unescape(attr(tag, 'data-from')!)} -> ${unescape(attr(tag, 'data-to')!)} [${unescape(attr(tag, 'data-tensor')!)}]`)
    .sort();
}

test.describe('a real CNN built with python onnx', () => {
  requirePython();

  test('renders with the edges of its node list (checked on the exported SVG); search centres a node, a click there selects it', async ({
    launchHost,
    studio,
    page,
    modelsDir,
  }, testInfo) => {
    const py = runPython<PyGraph>('build_resnet.py', [join(modelsDir, 'resnet-small.onnx')]);
    const host = await launchHost({ model: py.path });
    await studio.gotoReady(host.url);
    const graph = new GraphView(page);
    await graph.expectState('ready');
    await expect(graph.view).toHaveAttribute('data-node-count', String(py.nodes.length + py.inputs.length + py.outputs.length));
    await graph.card.scrollIntoViewIfNeeded();
    await graph.card.screenshot({ path: 'test-results/graph-cnn.png' });
    await testInfo.attach('graph-cnn', { path: 'test-results/graph-cnn.png', contentType: 'image/png' });

    const edges = svgEdges(await graph.exportSvg());
    const expected = expectedEdges(py);
    expect(expected.length).toBeGreaterThan(py.nodes.length); // the residual Adds read two tensors
    expect(edges).toEqual(expected);

    // The picture as PNG: a real image of the whole graph (taller than wide, like the layout).
    const png = await graph.exportPng();
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(height).toBeGreaterThan(width);
    expect(width).toBeGreaterThan(100);

    // Keys on the focused canvas: + zooms in, 0 fits, arrows pan; the minimap moves the camera.
    await graph.canvas.focus();
    const start = await graph.camera();
    await page.keyboard.press('+');
    await expect.poll(async () => (await graph.camera()).zoom).toBeGreaterThan(start.zoom);
    await page.keyboard.press('0');
    await expect.poll(async () => (await graph.camera()).zoom).toBeLessThan(start.zoom);
    const fitted = await graph.camera();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await graph.camera()).y).toBeGreaterThan(fitted.y);
    await graph.button('Zoom in').click();
    const mini = (await graph.minimap.boundingBox())!;
    await page.mouse.click(mini.x + mini.width / 2, mini.y + mini.height - 4);
    await expect.poll(async () => (await graph.camera()).y).toBeGreaterThan(fitted.y + 100);

    // Initializers as nodes: one more node each (every one is read), and back from the cache.
    const collapsed = py.nodes.length + py.inputs.length + py.outputs.length;
    await graph.card.getByLabel('Initializers', { exact: true }).selectOption('nodes');
    await expect(graph.view).toHaveAttribute('data-node-count', String(collapsed + py.initializers.length));
    await graph.expectState('ready');
    await graph.card.getByLabel('Initializers', { exact: true }).selectOption('collapsed');
    await expect(graph.view).toHaveAttribute('data-node-count', String(collapsed));

    // Full size fills the window; Escape brings the card back.
    await graph.button('Full size').click();
    await expect.poll(async () => (await graph.card.boundingBox())?.height).toBe(page.viewportSize()!.height);
    await graph.canvas.focus();
    await page.keyboard.press('Escape');
    await expect(graph.button('Full size')).toHaveAttribute('aria-pressed', 'false');

    // Search by name: the hit is centred and selected; a click at the centre selects it again.
    const target = py.nodes.findIndex((n) => n.name === 'layer2.0.add');
    await graph.search.fill('layer2.0.add');
    await expect(graph.view).toHaveAttribute('data-focus-node', `n:${target}`);
    await graph.canvas.focus();
    await page.keyboard.press('Escape');
    await expect(graph.view).not.toHaveAttribute('data-selected-node', /./);
    await expect(graph.properties).toBeHidden();
    await graph.clickCentre();
    await expect(graph.view).toHaveAttribute('data-selected-node', `n:${target}`);
    await expect(graph.properties).toContainText('layer2.0.add');
    await page.keyboard.press('Escape');
    await expect(graph.properties).toBeHidden();
  });
});

test('an If node opens its then-branch by double-click and the breadcrumbs bring the main graph back', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: nestedSubgraphs(modelsDir, 3) });
  await studio.gotoReady(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready');
  // x, cond → if1 → y
  await expect(graph.view).toHaveAttribute('data-node-count', '4');

  await graph.search.fill('if1');
  await expect(graph.view).toHaveAttribute('data-focus-node', 'n:0');
  await graph.clickCentre({ double: true });
  // then1: the outer scope (x, cond) → if2 → if2_out
  await expect(graph.breadcrumbs).toContainText('if1.then_branch');
  await graph.expectState('ready');
  await expect(graph.view).toHaveAttribute('data-node-count', '3');

  await graph.breadcrumbs.getByRole('button', { name: 'nested' }).click();
  await expect(graph.view).toHaveAttribute('data-node-count', '4');
  await graph.expectState('ready');
  await expect(graph.breadcrumbs).not.toContainText('then_branch');
});

test('a 50,000-node model opens: the graph reaches ready and is drawn', async ({ launchHost, studio, page, modelsDir }, testInfo) => {
  test.setTimeout(240_000);
  const host = await launchHost({ model: residualNet(modelsDir, 50_000) });
  await studio.goto(host.url);
  await studio.expectState('ready', 120_000);
  const graph = new GraphView(page);
  await graph.expectState('ready', 120_000);
  expect(await graph.nodeCount()).toBeGreaterThanOrEqual(50_000);
  await graph.card.scrollIntoViewIfNeeded();
  await graph.card.screenshot({ path: 'test-results/graph-50k.png' });
  await testInfo.attach('graph-50k', { path: 'test-results/graph-50k.png', contentType: 'image/png' });
  // Zoomed all the way out the whole graph is still drawn (as one-pixel boxes), and stays ready.
  await graph.button('Fit').click();
  await expect(graph.view).not.toHaveAttribute('data-zoom', '0.8000');
  await graph.card.screenshot({ path: 'test-results/graph-50k-fit.png' });
  await expect(graph.view).toHaveAttribute('data-graph-state', 'ready');
});
