// Export → Bundle while the pack runs: the job's progress reaches the card (the renderer's jobs
// slice), Cancel stops it, the card goes back to idle without an error, and nothing is written.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { bigInitializers } from '../fixtures/models';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

test('Cancel stops a pack: progress first, then idle, no error, no bundle beside the model', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  test.setTimeout(120_000);
  // 128 MiB of weights: copying and compressing take long enough to see progress and press Cancel.
  const model = bigInitializers(modelsDir, 128 << 20);
  const host = await launchHost({ model });
  await studio.gotoReady(host.url);
  await studio.step('Export').click();
  await page.getByRole('button', { name: 'Pack bundle' }).click();
  const card = page.locator('[data-pack-state]');
  await expect(card).toHaveAttribute('data-pack-state', 'running');
  // A label other than the fallback is the job's own progress event, read from the store.
  await expect(card.getByTestId('job-label')).not.toHaveText('Starting…');
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toHaveAttribute('data-pack-state', 'idle', { timeout: 30_000 });
  await expect(page.getByTestId('pack-error')).toHaveCount(0);
  await expect(page.getByTestId('pack-result')).toHaveCount(0);
  expect(readdirSync(dirname(model)).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
});
