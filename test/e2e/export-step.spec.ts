// Issue 4's path end to end in Chromium: open → a golden sample in the Test step → metadata edited
// and saved → re-opened model shows it → pack a .tar.gz → verify passes in the page and in the CLI,
// and the downloaded bundle is the one on disk.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mlp } from '../fixtures/models';
import { payload } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations, screenshot } from './support/page-checks';

requireChromium();

const BIN = fileURLToPath(new URL('../../bin/modelcrate.mjs', import.meta.url));

test('open → golden sample → metadata saved → pack .tar.gz → verify passes (page and CLI); download matches', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  const model = mlp(modelsDir);
  const host = await launchHost({ model });
  await studio.gotoReady(host.url);

  await studio.step('Test').click();
  await studio.test.keepGoldenSample(
    [
      [1, 2, 3, 4],
      [-0.5, 0.25, 2, -1],
    ],
    'two rows',
  );

  await studio.step('Metadata').click();
  await page.getByLabel('Licence').fill('MIT');
  await page.getByLabel('Version', { exact: true }).fill('1.0.0');
  await page.getByRole('button', { name: 'Save as new file' }).click();
  await expect(page.getByTestId('save-result')).toContainText('mlp-1.0.0.onnx');
  await expect(page.getByTestId('meta-source')).toContainText('stored in the model');

  await studio.step('Export').click();
  await expect(page.getByTestId('export-meta')).toContainText('MIT');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('mlp-1.0.0');
  await page.getByRole('button', { name: 'Pack bundle' }).click();
  const card = page.locator('[data-pack-state]');
  await expect(card).toHaveAttribute('data-pack-state', 'done', { timeout: 30_000 });
  const result = page.getByTestId('pack-result');
  await expect(result).toContainText('1 sample');
  const bundle = join(dirname(model), 'mlp-1.0.0.tar.gz');
  const sha = createHash('sha256').update(readFileSync(bundle)).digest('hex');
  await expect(result).toContainText(sha);

  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(card).toHaveAttribute('data-verify-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('verify-report')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('verify-report').locator('[data-ok="false"]')).toHaveCount(0);
  // The step bar marks what is done for this model: metadata stored, a golden sample, an export.
  for (const step of ['Inspect', 'Metadata', 'Test', 'Export']) await expect(studio.step(step)).toContainText('(done)');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/export-step.png', 'export step');

  // The download is the bundle on disk, and the CLI verifies it too.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).click();
  const saved = testInfo.outputPath('downloaded.tar.gz');
  await (await download).saveAs(saved);
  expect(createHash('sha256').update(readFileSync(saved)).digest('hex')).toBe(sha);
  const cli = spawnSync(process.execPath, [BIN, 'verify', saved], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const listed = execFileSync('tar', ['-tzf', saved], { encoding: 'utf8' }).trim().split('\n');
  expect(listed[0]).toBe('modelcrate.json');
  expect(listed).toEqual(expect.arrayContaining(['README.md', 'sbom.cdx.json', 'model/mlp-1.0.0.onnx', 'samples/two-rows.json']));

  // Dropping the bundle opens its model, with its metadata and golden sample.
  await studio.dropFiles([payload(saved)]);
  await expect(page.getByTestId('header-bundle')).toHaveText('from downloaded.tar.gz');
  await studio.step('Test').click();
  await expect(studio.test.samples.locator('[data-sample-name="two-rows"]')).toBeVisible();
  await studio.step('Metadata').click();
  await expect(page.getByLabel('Licence')).toHaveValue('MIT');
});
