// The graph view's properties panel in Chromium against the real host: a Conv node of a CNN that
// python's onnx wrote, found with the search box and clicked; op, attributes and shapes as the
// model declares them; Preview values reads the weights from the file and shows numpy's values;
// Escape closes the panel.
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect as pwExpect } from '@playwright/test';
import { join } from 'node:path';
import { PYTHON, runPython } from '../fixtures/python-run';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { requirePython } from './support/python';

requireChromium();
requirePython();

interface Reference {
  first: number[];
  count: number;
  min: number;
  max: number;
}

/** What numpy reads for the initializer: its first values, size and extremes. */
function numpyReference(model: string, tensor: string): Reference {
  const code = [
    'import json, sys, onnx',
    'from onnx import numpy_helper',
    't = next(t for t in onnx.load(sys.argv[1]).graph.initializer if t.name == sys.argv[2])',
    'a = numpy_helper.to_array(t).reshape(-1).astype("float64")',
    'print(json.dumps({"first": a[:12].tolist(), "count": int(a.size), "min": float(a.min()), "max": float(a.max())}))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', code, model, tensor], { encoding: 'utf8' })) as Reference;
}

/** The panel shows six significant digits. */
const shown = (v: number) => Number(v.toPrecision(6));

test('a Conv node: op, attributes, shapes; its weights previewed as numpy reads them; Escape closes', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  test.setTimeout(120_000);
  const cnn = runPython<string[]>('build_models.py', [modelsDir]).find((p) => p.endsWith('/cnn.onnx'))!;
  const weights = numpyReference(cnn, 'c1_w');

  const host = await launchHost({ model: cnn });
  await studio.gotoReady(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready', 60_000);
  await graph.card.scrollIntoViewIfNeeded();

  // Search centres the node; a click at the centre selects it.
  await graph.search.fill('conv1');
  await expect(graph.view).toHaveAttribute('data-focus-node', 'n:0');
  await graph.clickCentre();
  await expect(graph.view).toHaveAttribute('data-selected-node', 'n:0');
  const panel = graph.properties;
  await expect(panel.getByRole('heading', { name: 'conv1', exact: true })).toBeVisible();
  await expect(panel.getByText('Conv · ai.onnx')).toBeVisible();

  const attrs = panel.getByTestId('node-attributes');
  await expect(attrs.locator('[data-attribute="kernel_shape"]')).toContainText('[3, 3]');
  await expect(attrs.locator('[data-attribute="pads"]')).toContainText('[1, 1, 1, 1]');
  const inputs = panel.getByTestId('node-inputs');
  await expect(inputs.locator('[data-tensor="image"]')).toContainText('float32[N,3,32,32]');
  await expect(inputs.locator('[data-tensor="c1_w"]')).toContainText('float32[8,3,3,3]');
  await expect(inputs.locator('[data-tensor="c1_b"]')).toContainText('float32[8]');
  await expect(panel.getByTestId('node-outputs').locator('[data-tensor="c1"]')).toBeVisible();

  // Initializers are collapsed; nothing is read until Preview values is pressed.
  const init = panel.locator('[data-initializer="c1_w"]');
  await init.locator('summary').click();
  await expect(init).toContainText('864 B');
  const preview = init.getByTestId('initializer-preview');
  await expect(preview).toHaveAttribute('data-state', 'idle');
  await preview.getByRole('button', { name: 'Preview values' }).click();
  await expect(preview).toHaveAttribute('data-state', 'done');
  await expect(preview).toContainText(`First 100 of ${weights.count} values`);
  for (let i = 0; i < weights.first.length; i++) {
    await expect.poll(async () => Number(await preview.locator(`[data-value-index="${i}"]`).textContent())).toBe(shown(weights.first[i]!));
  }
  const stats = preview.getByTestId('initializer-stats');
  await expect(stats).toHaveAttribute('data-over', 'all');
  await expect(stats.locator('dd').first()).toHaveText(String(shown(weights.min)));
  await expect(stats.locator('dd').nth(1)).toHaveText(String(shown(weights.max)));
  // The open panel, values shown, has no serious or critical accessibility findings.
  const axe = await new AxeBuilder({ page }).include('[data-testid="node-properties"]').analyze();
  pwExpect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
  await stats.scrollIntoViewIfNeeded();
  await graph.card.screenshot({ path: 'test-results/graph-properties.png' });
  await testInfo.attach('graph-properties', { path: 'test-results/graph-properties.png', contentType: 'image/png' });

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  pwExpect(await page.getByTestId('node-properties').count()).toBe(0);
});

test('an If node: "Open then_branch" from the panel; inside, an initializer of the branch previews by its path', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  test.setTimeout(120_000);
  // then_branch: Add(x, then_w) with then_w = [10.5, -20.25] (test/python/initializer_cases.py).
  const cases = runPython<{ models: Record<string, string> }>('initializer_cases.py', [join(modelsDir, 'cases'), '10']);
  const host = await launchHost({ model: cases.models.control });
  await studio.gotoReady(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready', 60_000);
  await graph.card.scrollIntoViewIfNeeded();

  await graph.search.fill('branch');
  await expect(graph.view).toHaveAttribute('data-focus-node', 'n:0');
  await graph.clickCentre();
  const panel = graph.properties;
  await expect(panel.getByRole('heading', { name: 'branch', exact: true })).toBeVisible();
  await expect(panel.getByTestId('node-attributes').locator('[data-attribute="else_branch"]')).toContainText('graph "else_g" · 1 node');
  await panel.getByRole('button', { name: 'Open then_branch' }).click();
  await expect(graph.breadcrumbs).toContainText('then_branch');
  await graph.expectState('ready');

  await graph.search.fill('then_add');
  await expect(graph.view).toHaveAttribute('data-focus-node', /^n:\d+$/);
  await graph.clickCentre();
  await expect(panel.getByRole('heading', { name: 'then_add', exact: true })).toBeVisible();
  const init = panel.locator('[data-initializer="then_w"]');
  await init.locator('summary').click();
  const preview = init.getByTestId('initializer-preview');
  await preview.getByRole('button', { name: 'Preview values' }).click();
  await expect(preview).toHaveAttribute('data-state', 'done');
  await expect(preview.locator('[data-value-index="0"]')).toHaveText('10.5');
  await expect(preview.locator('[data-value-index="1"]')).toHaveText('-20.25');
  await expect(preview).toContainText('All 2 values');
});
