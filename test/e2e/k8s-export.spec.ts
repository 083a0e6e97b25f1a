// Export → Kubernetes in Chromium: manifests for a typed image reference (memory typed too) with the
// options, the Kubernetes / KServe preview tabs, Save (a download that validates against the
// Kubernetes schemas) and a clear error for a bad namespace; then, with the real Docker engine, the
// card taking the image built in this session and the memory its parity check measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { mlp } from '../fixtures/models';
import { BASE_IMAGE, cleanupDocker, dockerAvailable, ensureBaseImage } from '../fixtures/docker-base';
import { startRegistry } from '../fixtures/docker-registry';
import { validateAll } from '../fixtures/k8s-validate';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations, screenshot } from './support/page-checks';

requireChromium();

type Obj = Record<string, any>;
const TAG = 'modelcrate-test-k8s/e2e-mlp:1.0.0';
// The Docker test shares the engine and a tag: no overlap, cleanup after both.
test.describe.configure({ mode: 'serial' });
test.afterAll(() => dockerAvailable() && cleanupDocker('e2e-k8s', [TAG]));

test('typed image: options, Kubernetes / KServe preview, Save validates; a bad namespace is refused', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  // Two axe passes over the whole Export page (four cards, two panes each): slow on a busy machine.
  test.setTimeout(120_000);
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  await studio.step('Export').click();
  const card = page.locator('[data-k8s-state]');
  await expect(card).toHaveAttribute('data-k8s-state', 'waiting');
  await page.getByLabel('Image', { exact: true }).fill('registry.example.com/team/mlp:1.0.0');
  await expect(page.getByTestId('k8s-error')).toContainText('Give the memory');
  await page.getByLabel('Memory', { exact: true }).fill('200Mi');
  await expect(card).toHaveAttribute('data-k8s-state', 'ready');
  const preview = page.getByTestId('k8s-preview');
  await expect(preview).toContainText('kind: Deployment');
  await expect(preview).toContainText('memory: 304Mi'); // 200 Mi × 1.5 → 304 Mi
  await expect(preview).not.toContainText('HorizontalPodAutoscaler');
  await expect(preview).toContainText('modelcrate.io/memory-basis: 200Mi'); // typed, not measured

  await page.getByLabel('Namespace', { exact: true }).fill('ml-prod');
  await page.getByLabel('Autoscale on CPU (HorizontalPodAutoscaler)').check();
  await page.getByLabel('Max replicas', { exact: true }).fill('6');
  await expect(preview).toContainText('kind: HorizontalPodAutoscaler');
  await expect(preview).toContainText('maxReplicas: 6');
  await expect(preview).toContainText('namespace: ml-prod');
  await screenshot(page, testInfo, 'test-results/k8s-export.png', 'kubernetes card');

  // Save: the file a user gets holds valid manifests.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Save mlp-k8s\.yaml$/ }).click();
  const saved = testInfo.outputPath('mlp-k8s.yaml');
  await (await download).saveAs(saved);
  const docs = parseAllDocuments(readFileSync(saved, 'utf8')).map((d) => d.toJS() as Obj);
  expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler']);
  expect(validateAll(docs)).toEqual([]);

  await page.getByRole('tab', { name: 'KServe' }).click();
  await expect(preview).toContainText('kind: InferenceService');
  await expect(preview).toContainText('name: kserve-container');
  await expect(preview).toContainText('scaleMetric: cpu');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Namespace', { exact: true }).fill('Prod_NS');
  await expect(page.getByTestId('k8s-error')).toContainText('Invalid namespace');
  await expect(card).toHaveAttribute('data-k8s-state', 'invalid');
  await expect(preview).toHaveCount(0);
});

test('after a build in this session the card takes the image and its measured memory; after a push, the reference pinned by digest', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  test.skip(!dockerAvailable() && process.env.CI !== 'true', 'no Docker engine here (CI must have one: this test then fails)');
  test.setTimeout(240_000);
  ensureBaseImage();
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoExportWithGoldenSample(host.url, [[1, 2, 3, 4]]);
  // The default tag arrives with the metadata; filling before it lands would type after it.
  await expect(page.getByLabel('Tag')).toHaveValue('mlp:0.1.0');
  await page.getByLabel('Tag').fill(TAG);
  await page.getByLabel('Base image', { exact: true }).fill(BASE_IMAGE);
  await page.getByRole('button', { name: 'Build and verify image' }).click();
  await expect(page.locator('[data-image-state]')).toHaveAttribute('data-image-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('image-memory')).toContainText('working set');

  await expect(page.getByLabel('Image', { exact: true })).toHaveValue(TAG);
  await expect(page.getByLabel('Memory', { exact: true })).toHaveValue(/^\d+Mi$/);
  await expect(page.getByTestId('k8s-memory-source')).toContainText('measured:');
  const preview = page.getByTestId('k8s-preview');
  await expect(preview).toContainText(`image: ${TAG}`);
  await expect(preview).toContainText('modelcrate.io/measured-working-set');
  await expect(preview).toContainText('modelcrate.io/measured-cold-start-ms');
  await page.getByTestId('k8s-preview').scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'test-results/k8s-export-built.png', 'kubernetes card after a build');

  // Push to a loopback registry: the card switches to the pushed reference, pinned by its digest.
  const registry = await startRegistry('ada', 's3cret');
  const reference = `${registry.address}/k8s-e2e:1.0.0`;
  try {
    await page.getByLabel('Reference').fill(reference);
    await page.getByLabel('User (optional)').fill('ada');
    await page.getByLabel('Password', { exact: true }).fill('s3cret');
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    await expect(page.getByTestId('push-result')).toContainText(`Pushed ${reference}`, { timeout: 60_000 });
    const digest = /sha256:[0-9a-f]{64}/.exec((await page.getByTestId('push-result').textContent()) ?? '')![0];
    await expect(page.getByLabel('Image', { exact: true })).toHaveValue(reference);
    await expect(preview).toContainText(`image: ${reference}@${digest}`);
    await expect(page.getByTestId('k8s-memory-source')).toContainText('measured:');
  } finally {
    await registry.stop();
    execFileSync('docker', ['rmi', '-f', reference], { stdio: 'ignore' });
  }
});
