import AxeBuilder from '@axe-core/playwright';
import { bigInitializers, mlp } from '../fixtures/models';
import { payload } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { hostTmpDir, throttleUploads, uploadedFiles } from './support/uploads';

requireChromium();

const MB = 1 << 20;

test('a 300 MB model shows its upload: bar, bytes and rate grow, then the model opens', async ({
  host,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  const model = bigInitializers(modelsDir, 300 * MB);
  await studio.goto(host.url);
  await studio.expectState('idle');
  await throttleUploads(page, 128 * MB);
  await studio.pickPaths([model]);

  await studio.expectState('loading');
  await expect(studio.openingStrip).toContainText(/big-\d+\.onnx/);
  await expect(studio.uploadBar).toBeVisible();
  await expect.poll(() => studio.uploadProgress()).toBeGreaterThan(0);
  const first = (await studio.uploadProgress())!;
  expect(first).toBeLessThan(1);
  await expect(studio.uploadBar).toHaveAttribute('aria-valuenow', /^\d+$/);
  await expect.poll(() => studio.uploadProgress()).toBeGreaterThan(first);
  await expect(studio.openingStrip).toContainText(/of 300 MB/);
  await expect(studio.openingStrip).toContainText(/MB\/s/);
  await expect(studio.openingStrip).toContainText(/left|almost done/);
  await testInfo.attach('opening-strip', { body: await studio.openingStrip.screenshot(), contentType: 'image/png' });

  await studio.expectState('ready', 45_000);
  await expect(studio.openingStrip).toBeHidden();
  await expect(studio.header).toContainText('big-');
});

test('Cancel stops a large upload: back to idle, no error, no partial file left on the host', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  const tmpDir = hostTmpDir(testInfo);
  const host = await launchHost({ tmpDir });
  const model = bigInitializers(modelsDir, 300 * MB);
  await studio.goto(host.url);
  await studio.expectState('idle');
  await throttleUploads(page, 32 * MB);
  await studio.pickPaths([model]);

  await expect.poll(() => studio.uploadProgress()).toBeGreaterThan(0);
  // The host is writing the partial file we expect it to remove.
  await expect.poll(() => uploadedFiles(tmpDir)).toEqual([expect.stringMatching(/\.onnx\.part$/)]);
  await studio.cancelOpen.click();

  await studio.expectState('idle');
  await expect(studio.openingStrip).toBeHidden();
  await expect(studio.errorBanner).toBeHidden();
  await expect(studio.notice).toContainText('cancelled');
  await expect(studio.open.heading).toBeVisible();
  await expect.poll(() => uploadedFiles(tmpDir)).toEqual([]);

  // The host took the abort in its stride.
  await studio.pickFiles([payload(mlp(modelsDir))]);
  await studio.expectState('ready');
});

test('Escape cancels an upload over a shown model, which stays shown', async ({ host, studio, page, modelsDir }) => {
  await studio.goto(host.url);
  await studio.pickFiles([payload(mlp(modelsDir))]);
  await studio.expectState('ready');
  await throttleUploads(page, 32 * MB);
  await studio.pickPaths([bigInitializers(modelsDir, 300 * MB)]);

  await studio.expectState('loading');
  await expect.poll(() => studio.uploadProgress()).toBeGreaterThan(0);
  await expect(studio.inspect.ioTable).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[data-testid="opening-strip"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await expect(studio.uploadBar).toBeVisible();
  await page.keyboard.press('Escape');

  await studio.expectState('ready');
  await expect(studio.openingStrip).toBeHidden();
  await expect(studio.errorBanner).toBeHidden();
  await expect(studio.header).toContainText('mlp.onnx');
});
