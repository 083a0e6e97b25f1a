// Issue 16, the shell's part, walked as a demanding user would in Chromium against the real host and
// onnxruntime: the step bar without a stray scrollbar, focus that follows the chosen step, Settings
// whose Save stays on screen, browser mode's Recent and upload advice, Profile's batch sizes checked
// in the form, Compare that names its sides and keeps timing noise out of the reading, and outputs
// brought into view after Run. Each screen touched passes axe in light and dark at 1440×900 and 1024×700.
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { externalData } from '../fixtures/external-models';
import { mlp } from '../fixtures/models';
import { DiffView } from './pages/diff-view';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations } from './support/page-checks';

requireChromium();
// Four axe passes per screen (two themes, two sizes) take a while on a shared 2-core machine.
test.describe.configure({ timeout: 240_000 });

const VIEWS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** axe's serious and critical findings in light and dark, at both window sizes: none expected. */
async function expectAxeClean(page: Page, what: string): Promise<void> {
  for (const size of VIEWS) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page), `${what}, ${colorScheme}, ${size.width}×${size.height}`).toEqual([]);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(VIEWS[0]);
}

/** Scrollers inside `root` that overflow by a few pixels: a scrollbar that scrolls nothing. */
const smallSpills = (page: Page, root: string) =>
  page.locator(root).evaluate((main) => {
    // Runs in the page (the Node-side tsconfig has no DOM globals, hence the cast).
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { overflowX: string; overflowY: string } }).getComputedStyle;
    return [...main.querySelectorAll('*')]
      .filter((el) => {
        const cs = style(el);
        const x = el.scrollWidth - el.clientWidth;
        const y = el.scrollHeight - el.clientHeight;
        return (/auto|scroll/.test(cs.overflowX) && x > 0 && x <= 8) || (/auto|scroll/.test(cs.overflowY) && y > 0 && y <= 8);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
  });

/** The step list's overflow: any spill (even 1 px) is what shows a scrollbar. */
const stepListOverflow = (page: Page) =>
  page.locator('nav.stepbar ol').evaluate((ol) => ({ x: ol.scrollWidth - ol.clientWidth, y: ol.scrollHeight - ol.clientHeight }));

test('item 5: the step bar spills not a pixel on any step, light or dark, at 1440×900 and 1024×700, and every step stays reachable by keyboard', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  for (const size of VIEWS) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const name of ['Open', 'Inspect', 'Metadata', 'Test', 'Export']) {
        await studio.step(name).click();
        await expect(studio.step(name)).toHaveAttribute('aria-current', 'step');
        await expect(page.locator('#main h1').first()).toBeVisible();
        expect(await stepListOverflow(page), `${name}, ${colorScheme}, ${size.width}×${size.height}`).toEqual({ x: 0, y: 0 });
      }
      // The Test step's input grid had the same few-pixel spill (a table with a negative margin).
      await studio.step('Test').click();
      await expect(studio.test.input('x')).toHaveAttribute('data-input-tab', 'grid');
      expect(await smallSpills(page, '#main'), `Test step, ${colorScheme}, ${size.width}×${size.height}`).toEqual([]);
    }
    // Keyboard: Tab walks the steps, each shown whole with its focus ring inside the bar.
    await studio.step('Open').focus();
    for (const name of ['Inspect', 'Metadata', 'Test', 'Export']) {
      await page.keyboard.press('Tab');
      await expect(studio.step(name)).toBeFocused();
      await expect(studio.step(name)).toBeInViewport({ ratio: 1 });
    }
    expect(await stepListOverflow(page)).toEqual({ x: 0, y: 0 });
  }
  await expectAxeClean(page, 'Export step');
});

test('item 10: choosing a step with the keyboard moves focus to that step’s heading', async ({ launchHost, studio, page, modelsDir }) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  for (const [name, heading] of [
    ['Metadata', 'Metadata'],
    ['Test', 'Test'],
    ['Export', 'Export'],
    ['Open', 'Open a model'],
    ['Inspect', 'mlp.onnx'],
  ] as const) {
    await studio.step(name).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeFocused();
  }
  // The heading is the start of the step: the next Tab goes into the step, not back to the bar.
  await studio.step('Test').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Test' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#main').locator(':focus')).toHaveCount(1);
});

test('item 10: Settings keeps its title and Save on screen at 1440×900 and 1024×700; the fields scroll between them', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel('Docker host')).toBeVisible();
  for (const size of VIEWS) {
    await page.setViewportSize(size);
    await expect(dialog.getByRole('button', { name: 'Save' })).toBeInViewport({ ratio: 1 });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport({ ratio: 1 });
    await expect(dialog.getByRole('heading', { name: 'Settings' })).toBeInViewport({ ratio: 1 });
    const box = (await dialog.boundingBox())!;
    expect(box.y + box.height, `dialog bottom at ${size.width}×${size.height}`).toBeLessThanOrEqual(size.height);
    // The last field is reached by scrolling the body, with Save still in view.
    await dialog.getByRole('button', { name: 'Trust key' }).scrollIntoViewIfNeeded();
    await expect(dialog.getByRole('button', { name: 'Trust key' })).toBeInViewport();
    await expect(dialog.getByRole('button', { name: 'Save' })).toBeInViewport({ ratio: 1 });
  }
  // Labels sit above their fields (the dialog's own styles, not a step's stylesheet).
  const label = (await dialog.getByText('Docker host', { exact: true }).boundingBox())!;
  const input = (await dialog.getByLabel('Docker host').boundingBox())!;
  expect(input.y).toBeGreaterThanOrEqual(label.y + label.height - 1);
  await expectAxeClean(page, 'Settings dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('item 7: browser mode says why there is no recent list, and an upload missing its weights file is told in terms of the files chosen', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await expect(studio.open.recentWebNote).toContainText('uploaded as a temporary copy');
  await expect(studio.open.recent).toHaveCount(0);
  await expect(page.getByText('Choose or drop them together with the .onnx file')).toBeVisible();

  // A model whose external data was not chosen with it: no server temp path, no "copy it beside".
  await studio.pickPaths([externalData(modelsDir, 'missing')]);
  await studio.expectState('error');
  await expect(studio.errorBanner).toHaveAttribute('data-error-code', 'EXTERNAL_DATA_MISSING');
  await expect(studio.errorBanner).toContainText(
    "keeps its data in 'missing.bin', which was not among the files you chose with model.onnx",
  );
  await expect(studio.errorBanner).toContainText("Choose or drop model.onnx together with 'missing.bin'");
  await expect(studio.errorBanner).not.toContainText('modelcrate-uploads');
  await expect(studio.errorBanner).not.toContainText('next to the .onnx file');
  await expectAxeClean(page, 'Open step with an upload error');

  // Both files chosen together: it opens. Back on Open, the note still explains the empty list.
  const ok = externalData(modelsDir, 'ok');
  await studio.pickPaths([ok, join(dirname(ok), 'weights.bin')]);
  await studio.expectState('ready');
  await studio.step('Open').click();
  await expect(studio.open.recentWebNote).toBeVisible();
  await expect(studio.open.recent).toHaveCount(0);
});

test('item 10: Profile checks batch sizes in the form against the model: a fixed batch refuses 8 before any job, and says it takes 1', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: externalData(modelsDir, 'ok') });
  await studio.gotoReady(host.url);
  await studio.step('Test').click();
  await studio.test.expectState('idle');
  const profile = studio.test.profile;
  const sizes = profile.getByLabel('Batch sizes');
  await expect(profile.getByTestId('profile-batchSizes-hint')).toHaveText('Accepts 1 only: the batch is fixed (x is [1, 4])');

  await sizes.fill('1, 8');
  await expect(profile.getByTestId('batch-error')).toHaveText(
    'This model takes batch size 1 only, not 8: the batch is fixed (x is [1, 4]). Profile with 1.',
  );
  await expect(sizes).toHaveAttribute('aria-invalid', 'true');
  await expect(profile.getByRole('button', { name: 'Profile' })).toHaveAttribute('aria-disabled', 'true');
  // Enter in the field submits the form as a user would: refused there, the field keeps the focus.
  await sizes.press('Enter');
  await expect(sizes).toBeFocused();
  await expect(profile.locator('[data-profile-state]')).toHaveAttribute('data-profile-state', 'idle');
  await expect(page.getByTestId('profile-error')).toHaveCount(0);
  await expectAxeClean(page, 'Test step, batch size refused');

  await sizes.fill('1');
  await expect(profile.getByTestId('batch-error')).toHaveCount(0);
  await profile.getByLabel('Runs').fill('5');
  await profile.getByRole('button', { name: 'Profile' }).click();
  await expect(studio.test.profileResult.locator('tr[data-batch="1"]')).toBeVisible({ timeout: 60_000 });
});

test('item 10: a symbolic batch is named in the Profile hint, and any size ≥ 1 is taken', async ({ launchHost, studio, modelsDir }) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  await studio.step('Test').click();
  await studio.test.expectState('idle');
  const profile = studio.test.profile;
  await expect(profile.getByTestId('profile-batchSizes-hint')).toHaveText('Accepts any size ≥ 1 (sets "batch"), e.g. 1, 8');
  await profile.getByLabel('Batch sizes').fill('1, 8');
  await expect(profile.getByTestId('batch-error')).toHaveCount(0);
  await profile.getByLabel('Batch sizes').fill('0');
  await expect(profile.getByTestId('batch-error')).toContainText('"0" is not a batch size');
});

test('item 10: Compare names the older and newer side, and a file compared with itself shows timings apart, within noise', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const model = mlp(modelsDir);
  const host = await launchHost({ model });
  const diff = new DiffView(page);
  await studio.gotoReady(host.url);
  await diff.compareWith([model]);
  await expect(diff.root).toHaveAttribute('data-diff-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('diff-lead')).toContainText('The model open here, mlp.onnx, is taken as the older version');
  await expect(page.getByTestId('diff-side-older')).toContainText('Older · the model open here');
  await expect(page.getByTestId('diff-side-newer')).toContainText('Newer · the file you chose');
  await expect(diff.verdict).toHaveAttribute('data-verdict', 'none');

  // Timings sit in their own card, read against their spread; a load timed once is not compared.
  const timing = page.getByRole('region', { name: 'Timing on this machine' });
  await expect(timing.getByTestId('diff-latency')).toHaveAttribute('data-reading', 'noise');
  await expect(timing.getByTestId('diff-latency')).toContainText('same within noise');
  await expect(timing.getByTestId('diff-load')).toContainText('timed once each: not compared');
  await expect(timing).not.toContainText(/faster|slower/);
  await expect(page.getByRole('region', { name: 'Size', exact: true })).not.toContainText('Latency');
  await expect(page.getByRole('region', { name: 'Size', exact: true })).not.toContainText('Session load');
  await expectAxeClean(page, 'Compare view');
});

test('item 10: after Run the outputs are scrolled into view at 1024×700, and not when they are already on screen', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await page.setViewportSize(VIEWS[1]);
  await studio.gotoReady(host.url);
  await studio.step('Test').click();
  await studio.test.expectState('idle');
  const outputsTop = () => page.locator('section.outputs').evaluate((el) => el.getBoundingClientRect().top);
  expect(await outputsTop()).toBeGreaterThan(700 * 0.6); // below the fold before the run
  await studio.test.runButton.click();
  await studio.test.expectState('done');
  await expect(page.getByTestId('outputs')).toBeVisible();
  await expect.poll(outputsTop).toBeLessThan(700 * 0.4);
  await expect(page.getByTestId('outputs').getByText('Top 3')).toBeInViewport();
  await expectAxeClean(page, 'Test step with outputs');
});
