// Issue 16, item 4: weights held in Constant nodes show their values on the node that reads them
// (as Netron does), and the tensors between nodes have shapes: the model's value_info first, then
// the reader's own shape pass, and where neither knows, why.
import { realModel } from '../fixtures/real-models';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

async function openNode(graph: GraphView, name: string): Promise<void> {
  await graph.search.fill(name);
  await graph.search.press('Enter');
  await expect(graph.properties.getByRole('heading', { level: 2 })).toHaveText(name);
}

test('a Conv fed by Constant nodes: its weight and bias have types and values, its output a shape', async ({
  launchHost,
  studio,
  page,
}) => {
  const host = await launchHost({ model: realModel('ppocr_det') });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready', 60_000);
  await openNode(graph, 'p2o.Conv.26');

  const inputs = graph.properties.getByTestId('node-inputs');
  // Before: "?" for all three inputs; the weights live in Constant nodes, not initializers.
  await expect(inputs.locator('[data-tensor="conv2d_107.w_0"] .node-props-type')).toContainText('float32[96,384,1,1]');
  await expect(inputs.locator('[data-tensor="conv2d_107.w_0"] .node-props-type')).toContainText('Constant');
  await expect(inputs.locator('[data-tensor="conv2d_107.b_0"] .node-props-type')).toContainText('float32[96]');
  // The input from the GlobalAveragePool: not declared in the file, worked out (N, 384 channels, 1×1).
  await expect(inputs.locator('[data-tensor="p2o.GlobalAveragePool.3"] .node-props-type')).toContainText(',384,1,1]');
  await expect(graph.properties.locator('.node-props-type').filter({ hasText: /^\?/ })).toHaveCount(0);

  const constants = graph.properties.getByTestId('node-constants');
  await expect(constants.locator('details')).toHaveCount(2);
  await constants.locator('details[data-initializer="conv2d_107.w_0"] summary').click();
  await constants.getByRole('button', { name: 'Preview values' }).first().click();
  const values = constants.getByTestId('initializer-values').first();
  await expect(values.locator('.init-value')).toHaveCount(100);
  await expect(values.locator('[data-value-index="0"]')).toHaveText(/^-?\d/);
  await expect(constants.getByTestId('initializer-stats').first()).toContainText('Over all 36,864 values.');
});

test('an unknown shape says why: a Reshape to a shape computed at run time, and what follows it', async ({ launchHost, studio, page }) => {
  const host = await launchHost({ model: realModel('ppocr_rec') });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready', 60_000);
  await openNode(graph, 'p2o.Reshape.67');
  const out = graph.properties.getByTestId('node-outputs').getByTestId('shape-unknown-reason');
  await expect(out).toHaveText('shape unknown: Reshape with a shape computed at run time');
  // The node after it: its input is the Reshape's output (the same reason); its output names where
  // the unknown started, not only the tensor before it.
  await openNode(graph, 'p2o.Transpose.1');
  await expect(graph.properties.getByTestId('node-inputs').getByTestId('shape-unknown-reason')).toHaveText(
    'shape unknown: Reshape with a shape computed at run time',
  );
  await expect(graph.properties.getByTestId('node-outputs').getByTestId('shape-unknown-reason')).toHaveText(
    'shape unknown: follows reshape2_25.tmp_0, whose shape is unknown: Reshape with a shape computed at run time',
  );
});
