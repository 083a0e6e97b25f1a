import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { payload } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { showcaseClassifier } from './support/models';

requireChromium();

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

test('no serious or critical axe violations, idle and ready, light and dark; screenshots of ready', async ({
  host,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await expect(studio.open.recentWebNote).toContainText('temporary copy');
  expect(await seriousViolations(page)).toEqual([]);

  await studio.dropFiles([payload(showcaseClassifier(modelsDir))]);
  await studio.expectState('ready');
  await expect(studio.inspect.heading).toHaveText('tiny-classifier.onnx');
  expect(await seriousViolations(page)).toEqual([]);
  const light = 'test-results/studio-ready.png';
  await page.screenshot({ path: light, fullPage: true });
  await testInfo.attach('ready (light)', { path: light, contentType: 'image/png' });

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await seriousViolations(page)).toEqual([]);
  const dark = 'test-results/studio-ready-dark.png';
  await page.screenshot({ path: dark, fullPage: true });
  await testInfo.attach('ready (dark)', { path: dark, contentType: 'image/png' });

  await studio.step('Open').click();
  await expect(studio.open.heading).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('keyboard only: Tab reaches the open button, Enter opens the chooser', async ({ host, studio, page, modelsDir }) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  const open = studio.open.openButton;
  for (let i = 0; i < 15 && !(await open.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
  await expect(open).toBeFocused();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(showcaseClassifier(modelsDir));
  await studio.expectState('ready');
  await expect(studio.step('Inspect')).toHaveAttribute('aria-current', 'step');
});
