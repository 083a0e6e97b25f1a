// Issue 16, items 1 and 6, against the real Docker engine: the Base image picker lists the engine's
// own images (GET /images/json through the socket), fit Node bases first with their size and why;
// the offline default fails with a hint that never sends the user back to it and shows commands as
// code; a build on the picked base lands its result beside the button, in view, focused, clear of the toast.
import { mlp } from '../fixtures/models';
import { BASE_IMAGE, NO_NODE_IMAGE, cleanupDocker, dockerAvailable, ensureBaseImage, ensureNoNodeImage } from '../fixtures/docker-base';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { screenshot } from './support/page-checks';

requireChromium();

const TAG = 'modelcrate-e2e-base/mlp:16';
// One engine: no overlap with the other Docker suites' tags or cleanup.
test.describe.configure({ mode: 'serial' });
test.skip(!dockerAvailable() && process.env.CI !== 'true', 'no Docker engine here (CI must have one: this test then fails)');
test.afterAll(() => cleanupDocker('e2e-export-base', [TAG]));

test('item 1: local images listed (fit Node bases first, sizes, reasons); the offline default fails with a hint that names another way', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  test.setTimeout(120_000);
  ensureBaseImage();
  ensureNoNodeImage();
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoExportWithGoldenSample(host.url, [[1, 2, 3, 4]]);
  const picker = page.getByTestId('base-images');
  await expect(picker).toHaveAttribute('data-base-state', 'ready', { timeout: 30_000 });

  const fit = picker.locator(`[data-ref="${BASE_IMAGE}"]`);
  await expect(fit).toHaveAttribute('data-fit', 'node');
  await expect(fit).toContainText(/\d+(\.\d+)? MB/);
  await expect(fit).toContainText('node at /usr/bin/node');
  const unfit = picker.locator(`[data-ref="${NO_NODE_IMAGE}"]`);
  await expect(unfit).toHaveAttribute('data-fit', 'unfit');
  await expect(unfit).toContainText('no node in the image');
  await expect(unfit.getByRole('radio')).toBeDisabled();
  // Fit bases come first.
  const order = await picker.locator('li[data-ref]').evaluateAll((els) => els.map((e) => e.getAttribute('data-fit')));
  expect(order.indexOf('node')).toBe(0);
  expect(order.lastIndexOf('node')).toBeLessThan(order.indexOf('unfit'));

  // The product default is not here but a fit base is: the field takes the first fit one.
  const base = page.getByLabel('Base image', { exact: true });
  await expect(base).toHaveValue((await picker.locator('li[data-fit="node"]').first().getAttribute('data-ref'))!);
  await expect(picker.locator('li[data-fit="node"]').first().getByRole('radio')).toBeChecked();
  // Picking fills the field; typing a custom reference still works, and says it will be pulled.
  await fit.getByRole('radio').check();
  await expect(base).toHaveValue(BASE_IMAGE);
  await base.fill('node:22-bookworm-slim');
  await expect(fit.getByRole('radio')).not.toBeChecked();
  await expect(page.locator('#image-base-hint')).toContainText('Not on this machine');

  // No registry here: the default base cannot be pulled. The hint must not recommend it again.
  await page.getByRole('button', { name: 'Build and verify image' }).click();
  await expect(page.locator('[data-image-state]')).toHaveAttribute('data-image-state', 'error', { timeout: 90_000 });
  const error = page.getByTestId('image-error');
  await expect(error).toHaveAttribute('data-error-code', 'BASE_IMAGE_MISSING');
  const hint = error.locator('.error-note-hint');
  await expect(hint).toContainText('already has');
  await expect(hint).not.toContainText('node:22-bookworm-slim');
  await expect(hint).not.toContainText('`');
  await expect(hint.locator('code')).toHaveText(['docker image ls']);
  // The error is in view and focused, where the result would be.
  await expect(page.getByTestId('docker-image-result')).toBeFocused();
  await expect(error).toBeInViewport();
});

test('item 6: a build on the picked base lands its result beside the button, in view and focused, with no toast over it', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  ensureBaseImage();
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoExportWithGoldenSample(host.url, [[1, 2, 3, 4]]);
  await expect(page.getByLabel('Tag')).toHaveValue(/^mlp:/);
  await page.getByLabel('Tag').fill(TAG);
  const picker = page.getByTestId('base-images');
  await expect(picker).toHaveAttribute('data-base-state', 'ready', { timeout: 30_000 });
  await picker.locator(`[data-ref="${BASE_IMAGE}"]`).getByRole('radio').check();
  const build = page.getByRole('button', { name: 'Build and verify image' });
  await build.click();
  await expect(page.locator('[data-image-state]')).toHaveAttribute('data-image-state', 'done', { timeout: 180_000 });

  const pane = page.getByTestId('docker-image-result');
  await expect(pane).toBeFocused();
  const verdict = pane.locator('.verify-ok-line');
  await expect(verdict).toBeInViewport({ ratio: 1 });
  // Beside the button (two panes at 1440×900), not below it.
  const [b, p] = [(await build.boundingBox())!, (await pane.boundingBox())!];
  expect(p.x).toBeGreaterThan(b.x + b.width);
  // The pane says it (a status line, announced); no toast is laid over it.
  await expect(page.getByTestId('notice')).toHaveCount(0);

  // Item 10's push target: no loopback guess; empty, with an example naming the model.
  const reference = page.getByLabel('Reference', { exact: true });
  await expect(reference).toHaveValue('');
  await expect(reference).toHaveAttribute('placeholder', /registry\.example\.com\/team\/mlp:/);
  await screenshot(page, testInfo, 'test-results/export-base-built.png', 'docker result beside the form');
});
