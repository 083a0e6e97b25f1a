// Issue 16: the Inspect step as items 4, 9 and 10 left it passes axe (no serious or critical
// findings) in light and dark, at 1440×900 and 1024×700, with a node's properties open (Constant
// inputs with values, shapes unknown with their reason).
import { realModel } from '../fixtures/real-models';
import { GraphView } from './pages/graph-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations } from './support/page-checks';

requireChromium();

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];

test('Inspect with a node open passes axe in light and dark at 1440×900 and 1024×700', async ({ launchHost, studio, page }) => {
  test.setTimeout(180_000);
  const host = await launchHost({ model: realModel('ppocr_rec') });
  await studio.goto(host.url);
  const graph = new GraphView(page);
  await graph.expectState('ready', 60_000);
  await graph.search.fill('p2o.Reshape.67');
  await graph.search.press('Enter');
  await expect(graph.properties.getByTestId('shape-unknown-reason').first()).toBeVisible();
  // A node with a Constant input, its values shown.
  await graph.search.fill('p2o.MatMul.1');
  await graph.search.press('Enter');
  const constants = graph.properties.getByTestId('node-constants');
  await constants.locator('summary').first().click();
  await constants.getByRole('button', { name: 'Preview values' }).first().click();
  await expect(constants.getByTestId('initializer-values').first()).toBeVisible();

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const vp of SIZES) {
      await page.setViewportSize(vp);
      await expect(studio.inspect.heading).toBeVisible();
      expect(await seriousViolations(page), `${scheme} ${vp.width}×${vp.height}`).toEqual([]);
    }
  }
});
