// Settings in Chromium: the dialog from the header (keyboard: Escape closes), a bad value refused
// beside its field, saved values used by Export (base image, registry) and the theme applied and
// kept across a reload.
import { mlp } from '../fixtures/models';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations } from './support/page-checks';

requireChromium();

test('settings: checked as typed, saved, used by Export, theme kept across a reload', async ({ launchHost, studio, page, modelsDir }) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByLabel('Default base image').fill('Not An Image');
  await expect(dialog.getByText('an image reference such as node:22-bookworm-slim')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await dialog.getByLabel('Default base image').fill('registry.local/node:22-slim');
  await dialog.getByLabel('Default registry').fill('127.0.0.1:5055/team');
  await expect(dialog.getByText('Kept only by the desktop app')).toBeVisible();
  await dialog.getByRole('radio', { name: 'dark' }).check();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // A string expression: the Node-side tsconfig has no DOM types.
  const bg = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  await expect.poll(bg).toBe('rgb(14, 16, 21)'); // --bg's dark value, whatever the OS scheme

  await studio.step('Export').click();
  await expect(page.getByLabel('Base image', { exact: true })).toHaveValue('registry.local/node:22-slim');

  await page.reload();
  await studio.expectState('ready');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Default registry')).toHaveValue('127.0.0.1:5055/team');
  await dialog.getByRole('radio', { name: 'light' }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  // The theme is applied once the save has come back from the host: wait for it, not a fixed time.
  await expect(dialog).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(bg).toBe('rgb(244, 245, 248)');
});
