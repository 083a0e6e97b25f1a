// Issue 16, items 6 and 10 without Docker builds: Export's two panes (choices left, outcome right)
// at 1440×900 and 1024×700, a result scrolled into view when it arrives, axe clean in light and dark
// at both sizes; the Kubernetes card's scaling (a fixed count or the autoscaler, never both), and a
// push target left empty (with an example) rather than a loopback guess.
import { mlp } from '../fixtures/models';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { screenshot, seriousViolations } from './support/page-checks';

requireChromium();

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`item 6: two panes at ${size.width}×${size.height}; the bundle's result arrives beside Pack and in view; axe light and dark`, async ({
    launchHost,
    studio,
    page,
    modelsDir,
  }, testInfo) => {
    // Four axe passes over the whole Export page: slow on a busy machine.
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    const host = await launchHost({ model: mlp(modelsDir) });
    await studio.gotoExportWithGoldenSample(host.url, [[1, 2, 3, 4]]);
    await expect(page.getByTestId('export-meta')).toBeVisible();
    await expect(page.getByTestId('base-images')).toHaveAttribute('data-base-state', /ready|error/, { timeout: 30_000 });

    const pack = page.getByRole('button', { name: 'Pack bundle' });
    const pane = page.getByTestId('bundle-result');
    await expect(pane).toContainText('appear here');
    const [b, p] = [(await pack.boundingBox())!, (await pane.boundingBox())!];
    expect(p.x).toBeGreaterThan(b.x + b.width);
    // No empty half: the cards take the page's width.
    const card = (await page.locator('.bundle-card').boundingBox())!;
    expect(card.width).toBeGreaterThan(size.width * 0.75);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), `${scheme} before packing`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('k8s-scaling-fields').scrollIntoViewIfNeeded();
    await pack.click();
    await expect(page.locator('[data-pack-state]')).toHaveAttribute('data-pack-state', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('pack-result')).toBeInViewport();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), `${scheme} with a result`).toEqual([]);
    }
    await screenshot(page, testInfo, `test-results/export-layout-${size.width}.png`, `export at ${size.width}×${size.height}`);
  });
}

test('item 10: Kubernetes scaling is a fixed count or the autoscaler, never "Replicas" beside "Min replicas"; push targets are not guessed', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoExportWithGoldenSample(host.url, [[1, 2, 3, 4]]);
  await page.getByLabel('Image', { exact: true }).fill('registry.example.com/team/mlp:1.0.0');
  await page.getByLabel('Memory', { exact: true }).fill('200Mi');
  const preview = page.getByTestId('k8s-preview');
  const fields = page.getByTestId('k8s-scaling-fields');

  await expect(page.getByRole('radio', { name: 'A fixed number of pods' })).toBeChecked();
  await page.getByLabel('Replicas', { exact: true }).fill('3');
  await expect(preview).toContainText('replicas: 3');
  await expect(fields.getByLabel('Min replicas')).toHaveCount(0);

  await page.getByRole('radio', { name: 'Autoscale on CPU (HorizontalPodAutoscaler)' }).check();
  await expect(page.getByLabel('Replicas', { exact: true })).toHaveCount(0);
  await expect(fields.getByLabel('Min replicas', { exact: true })).toHaveValue('2');
  await fields.getByLabel('Max replicas', { exact: true }).fill('6');
  await expect(preview).toContainText('kind: HorizontalPodAutoscaler');
  await expect(preview).toContainText('maxReplicas: 6');

  // Settings name no registry: the artifact's target is empty, with an example naming the model.
  const target = page.getByLabel('Push to', { exact: true });
  await expect(target).toHaveValue('');
  await expect(target).toHaveAttribute('placeholder', /registry\.example\.com\/team\/mlp:/);
  await expect(page.getByRole('button', { name: 'Push artifact' })).toBeDisabled();
});
