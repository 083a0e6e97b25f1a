// The whole wizard by keyboard alone, as someone who cannot use a mouse would go through it: open
// with the chooser, steps by Tab + Enter, a prediction with Ctrl+Enter, a golden sample, metadata
// typed and saved, a bundle packed and verified. Focus is visible at every stop (screenshots).
import type { Page } from '@playwright/test';
import { mlp } from '../fixtures/models';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { screenshot } from './support/page-checks';

requireChromium();

/** Tabs until `name` has focus (bounded, so a missing control fails instead of looping). */
async function tabTo(page: Page, locator: ReturnType<Page['locator']>, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(locator).toBeFocused();
}

test('keyboard only: open → Test (Ctrl+Enter, golden sample) → Metadata (type, save) → Export (pack, verify)', async ({
  host,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await tabTo(page, studio.open.openButton);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(mlp(modelsDir));
  await studio.expectState('ready');

  await tabTo(page, studio.step('Test'));
  await page.keyboard.press('Enter');
  await expect(studio.step('Test')).toHaveAttribute('aria-current', 'step');
  await tabTo(page, studio.test.dim('batch'));
  await page.keyboard.type('1');
  await tabTo(page, studio.test.cell('x', [0, 0]));
  for (const v of ['1', '2', '3', '4']) {
    await page.keyboard.press('Control+a');
    await page.keyboard.type(v);
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Control+Enter');
  await studio.test.expectState('done');
  await tabTo(page, studio.test.samples.getByLabel('Sample name'));
  await page.keyboard.type('kbd');
  await page.keyboard.press('Enter');
  await expect(studio.test.samples.locator('[data-sample-name="kbd"]')).toBeVisible();
  await screenshot(page, testInfo, 'test-results/keyboard-test-step.png', 'keyboard: test step');

  await tabTo(page, studio.step('Metadata'));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Licence'));
  await page.keyboard.type('MIT');
  await tabTo(page, page.getByRole('button', { name: 'Save as new file' }));
  await screenshot(page, testInfo, 'test-results/keyboard-metadata.png', 'keyboard: metadata, focus on Save');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('save-result')).toBeVisible();

  await tabTo(page, studio.step('Export'));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Pack bundle' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-pack-state]')).toHaveAttribute('data-pack-state', 'done', { timeout: 30_000 });
  await tabTo(page, page.getByRole('button', { name: 'Verify', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verify-report')).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
  // Focus stays visible: the focused control draws an outline.
  const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
  expect(outline).not.toBe('none');
  await screenshot(page, testInfo, 'test-results/keyboard-export.png', 'keyboard: export verified');
});
