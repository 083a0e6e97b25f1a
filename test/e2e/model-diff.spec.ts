// Inspect → Compare with…: a model and an edited copy built with python onnx, compared in the real
// renderer against the real host and runtime. The screenshot goes to test-results for a person.
import { join } from 'node:path';
import { runCli } from '../fixtures/cli-run';
import { runPython } from '../fixtures/python-run';
import { DiffView } from './pages/diff-view';
import { requireChromium } from './support/chromium';
import { screenshot, seriousViolations } from './support/page-checks';
import { expect, test } from './support/fixtures';
import { requirePython } from './support/python';

requireChromium();
requirePython();

test('compares the open model with a newer version: verdict, marked IO changes, samples on both, back to Inspect', async ({
  host,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  const m = runPython<Record<string, string>>('diff_models.py', [join(modelsDir, 'diff')]);
  const diff = new DiffView(page);
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.pickPaths([m.base!]);
  await studio.expectState('ready');

  // Keyboard: the action is reachable and announced by its name.
  await diff.compareButton.focus();
  await expect(diff.compareButton).toBeFocused();
  await diff.compareWith([m.v2!]);

  await expect(diff.root).toHaveAttribute('data-diff-phase', 'done', { timeout: 60_000 });
  await expect(diff.verdict).toHaveAttribute('data-classification', 'breaking');
  await expect(diff.verdict.getByRole('heading')).toHaveText('Breaking change — suggested version 2.0.0');
  await expect(diff.verdict.getByRole('heading')).toBeFocused();
  await expect(page.getByTestId('diff-version-warning')).toHaveCount(0); // v2 already says 2.0.0
  await expect(page.getByTestId('diff-side-older')).toContainText('base.onnx');
  await expect(page.getByTestId('diff-side-newer')).toContainText('v2.onnx');
  await expect(page.getByTestId('diff-side-newer')).toContainText('iris-mlp 2.0.0');

  await expect(diff.rows('renamed')).toHaveCount(1);
  await expect(diff.rows('renamed')).toContainText('renamed "x" → "features"');
  await expect(diff.rows('added')).toContainText('h float32[batch, 8]');
  await expect(page.getByRole('table', { name: 'Opsets' }).locator('tbody tr').first().locator('th, td')).toHaveText([
    'ai.onnx',
    '15',
    '17',
  ]);
  await expect(diff.metadata).toContainText('description');
  await expect(diff.samples.locator('tr[data-sample-status="newer-failed"]')).toContainText('INPUT_UNKNOWN');
  await expect(diff.findings.locator('li[data-severity="breaking"]').first()).toContainText('input "x" renamed to "features"');
  await expect(diff.findings).toContainText('runtimes that support only ai.onnx ≤ 15 cannot load it');

  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/diff-view.png', 'diff view (light)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/diff-view-dark.png', 'diff view (dark)');

  await diff.back.press('Enter');
  await expect(diff.root).toBeHidden();
  await expect(studio.inspect.ioTable).toBeVisible();
});

test('a compatible change shows latency for both and matching samples; the random sample is said to be one', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  const m = runPython<Record<string, string>>('diff_models.py', [join(modelsDir, 'diff')]);
  const diff = new DiffView(page);
  await studio.goto(host.url);
  await studio.pickPaths([m.base!]);
  await studio.expectState('ready');
  await diff.compareWith([m['output-added']!]);
  await expect(diff.root).toHaveAttribute('data-diff-phase', 'done', { timeout: 60_000 });
  await expect(diff.verdict).toHaveAttribute('data-classification', 'compatible');
  await expect(diff.verdict).toContainText('suggested version 1.3.0');
  await expect(page.getByTestId('diff-version-warning')).toContainText('The newer model says 1.2.0');
  await expect(diff.samples.locator('tr[data-sample-status="match"]')).toHaveCount(1);
  await expect(page.getByText('One seeded random sample')).toBeVisible();
  await expect(page.getByTestId('diff-latency')).toContainText('ms');
});

test('progress and Cancel while the samples run: the comparison stops, and Back returns to Inspect', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  const m = runPython<Record<string, string>>('diff_models.py', [join(modelsDir, 'diff')]);
  const diff = new DiffView(page);
  await studio.goto(host.url);
  await studio.pickPaths([m['slow-loop']!]); // seconds per run: one Add per Loop iteration
  await studio.expectState('ready');
  await diff.compareWith([m['slow-loop']!]);
  await expect(diff.progress).toContainText('Sample random-7 on both models', { timeout: 30_000 });
  await expect(diff.root).toHaveAttribute('aria-busy', 'true');
  await diff.progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(diff.root).toHaveAttribute('data-diff-phase', 'cancelled', { timeout: 30_000 });
  await expect(page.getByText('Comparison cancelled.')).toBeVisible();
  await expect(diff.progress).toBeHidden();
  await diff.back.click();
  await expect(studio.inspect.ioTable).toBeVisible();
});

test('a bundle uploaded as the other side: its model compares as no change, the side says bundle', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  const m = runPython<Record<string, string>>('diff_models.py', [join(modelsDir, 'diff')]);
  const bundle = join(modelsDir, 'base-1.2.0.tar.gz');
  const packed = await runCli(['pack', m.base!, '--out', bundle]);
  expect(packed.code, packed.stderr).toBe(0);
  const diff = new DiffView(page);
  await studio.goto(host.url);
  await studio.pickPaths([m.base!]);
  await studio.expectState('ready');
  await diff.compareWith([bundle]);
  await expect(diff.root).toHaveAttribute('data-diff-phase', 'done', { timeout: 60_000 });
  await expect(diff.verdict).toHaveAttribute('data-classification', 'none');
  await expect(diff.verdict.getByRole('heading')).toHaveText('No change — version stays 1.2.0');
  await expect(page.getByTestId('diff-side-newer')).toContainText('base-1.2.0.tar.gz');
  await expect(
    page
      .getByTestId('diff-side-newer')
      .locator('dd')
      .filter({ hasText: /^bundle$/ }),
  ).toHaveCount(1);
  await expect(diff.rows('same')).toHaveCount(3);
});
