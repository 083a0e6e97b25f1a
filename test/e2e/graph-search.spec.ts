// The graph view's search box in Chromium against the real host: typing focuses the first hit,
// Enter / Shift+Enter and the ▲▼ buttons step through the hits in graph order (wrapping), the
// live count says where we are, "No match" when nothing matches, Escape clears. The hits are
// checked against the node list python onnx reads from the file.
import { execFileSync } from 'node:child_process';
import { residualNet } from '../fixtures/graph-models';
import { PYTHON } from '../fixtures/python-run';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { requirePython } from './support/python';

requireChromium();
requirePython();

/** Positions of the nodes whose op is `op`, as onnx lists them (node ids are n:<position>). */
function pythonNodesWithOp(model: string, op: string): string[] {
  const code =
    'import json,sys,onnx; print(json.dumps([i for i,n in enumerate(onnx.load(sys.argv[1]).graph.node) if n.op_type==sys.argv[2]]))';
  return (JSON.parse(execFileSync(PYTHON, ['-c', code, model, op], { encoding: 'utf8' })) as number[]).map((i) => `n:${i}`);
}

test('search: Enter and Shift+Enter step through the hits in graph order, the count follows, Escape clears', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  const model = residualNet(modelsDir, 120);
  const pools = pythonNodesWithOp(model, 'MaxPool');
  // The fixture names nodes "/block<k>/<Op>_<position>": "maxpool" matches those names only.
  expect(pools.length).toBeGreaterThanOrEqual(3);
  const host = await launchHost({ model });
  await studio.gotoReady(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready');
  await graph.card.scrollIntoViewIfNeeded();
  const count = graph.card.locator('.graph-search-count');
  const n = pools.length;

  await graph.search.fill('maxpool');
  await expect(count).toHaveText(`1 of ${n}`);
  await expect(graph.view).toHaveAttribute('data-focus-node', pools[0]!);
  await expect(count).toHaveAttribute('aria-live', 'polite');

  await graph.search.press('Enter');
  await expect(count).toHaveText(`2 of ${n}`);
  await expect(graph.view).toHaveAttribute('data-focus-node', pools[1]!);
  await graph.card.screenshot({ path: 'test-results/graph-search.png' });
  await testInfo.attach('graph-search', { path: 'test-results/graph-search.png', contentType: 'image/png' });
  await graph.search.press('Shift+Enter');
  await expect(count).toHaveText(`1 of ${n}`);
  await graph.search.press('Shift+Enter');
  // Wraps to the last hit.
  await expect(count).toHaveText(`${n} of ${n}`);
  await expect(graph.view).toHaveAttribute('data-focus-node', pools[n - 1]!);
  await graph.search.press('Enter');
  await expect(count).toHaveText(`1 of ${n}`);

  // The buttons, by their accessible names.
  await graph.card.getByRole('button', { name: 'Next match', exact: true }).click();
  await expect(count).toHaveText(`2 of ${n}`);
  await graph.card.getByRole('button', { name: 'Previous match', exact: true }).click();
  await expect(count).toHaveText(`1 of ${n}`);
  await expect(graph.view).toHaveAttribute('data-focus-node', pools[0]!);

  await graph.search.fill('no-such-node-anywhere');
  await expect(count).toHaveText('No match');
  await expect(graph.card.getByRole('button', { name: 'Next match', exact: true })).toBeDisabled();

  await graph.search.fill('maxpool');
  await expect(count).toHaveText(`1 of ${n}`);
  await graph.search.press('Escape');
  await expect(graph.search).toHaveValue('');
  await expect(count).toHaveText('');
  await expect(graph.card.getByRole('button', { name: 'Previous match', exact: true })).toBeDisabled();
});
