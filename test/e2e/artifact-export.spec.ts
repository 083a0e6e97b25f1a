// Export → Model artifact (OCI) in Chromium against a real loopback registry: open → a golden
// sample → push the model as a CNCF ModelPack artifact with credentials typed in the card → the
// digest shown is the registry's, and the CLI pulls it back into a bundle that verifies; a wrong
// password is shown inline with what to do.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { bigInitializers, mlp } from '../fixtures/models';
import { startRegistry } from '../fixtures/docker-registry';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations, screenshot } from './support/page-checks';

requireChromium();

const BIN = fileURLToPath(new URL('../../bin/modelcrate.mjs', import.meta.url));

test('open → golden sample → Export → push the model artifact → the CLI pulls it back verified; a wrong password is shown inline', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  test.setTimeout(120_000);
  const registry = await startRegistry('ada', 's3cret');
  try {
    const host = await launchHost({ model: mlp(modelsDir) });
    await studio.gotoExportWithGoldenSample(host.url, [[1, 2, 3, 4]]);

    const card = page.locator('[data-artifact-state]');
    const reference = `${registry.address}/models/mlp:1.0.0`;
    const ref = page.getByLabel('Push to', { exact: true });
    // No registry in Settings: the target is left empty (never a guessed loopback), with an example naming the model.
    await expect(ref).toHaveAttribute('placeholder', /\/mlp:/);
    await ref.fill(reference);
    await page.getByLabel('Registry login (optional)', { exact: true }).fill('ada');
    await page.getByLabel('Registry password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Push artifact' }).click();
    await expect(card).toHaveAttribute('data-artifact-state', 'error', { timeout: 60_000 });
    await expect(page.getByTestId('artifact-error')).toHaveAttribute('data-error-code', 'REGISTRY_UNAUTHORIZED');
    await expect(page.getByTestId('artifact-error')).toContainText('Check the user and password');

    await page.getByLabel('Registry password', { exact: true }).fill('s3cret');
    await page.getByRole('button', { name: 'Push artifact' }).click();
    await expect(card).toHaveAttribute('data-artifact-state', 'done', { timeout: 60_000 });
    const result = page.getByTestId('artifact-result');
    await expect(result).toContainText(`Pushed ${reference}`);
    await expect(result).toContainText('6 (1 weight)');

    // The digest shown is the one the registry serves for the tag.
    const res = await fetch(`http://${registry.address}/v2/models/mlp/manifests/1.0.0`, {
      headers: {
        authorization: `Basic ${Buffer.from('ada:s3cret').toString('base64')}`,
        accept: 'application/vnd.oci.image.manifest.v1+json',
      },
    });
    const digest = `sha256:${createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex')}`;
    await expect(page.getByTestId('artifact-digest')).toContainText(digest);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, testInfo, 'test-results/artifact-export.png', 'artifact export');

    const out = testInfo.outputPath('pulled');
    const pulled = execFileSync(process.execPath, [BIN, 'artifact', 'pull', `${registry.address}/models/mlp@${digest}`, out], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MODELCRATE_REGISTRY_USER: 'ada', MODELCRATE_REGISTRY_PASSWORD: 's3cret' },
    });
    expect(pulled).toContain('verified: all');
  } finally {
    await registry.stop();
  }
});

test('Cancel stops a push: the card goes back to idle, no error, and the registry has no such tag', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  test.setTimeout(120_000);
  const registry = await startRegistry('ada', 's3cret');
  try {
    // 128 MiB of weights: packing, hashing and uploading take long enough to press Cancel.
    const host = await launchHost({ model: bigInitializers(modelsDir, 128 << 20) });
    await studio.gotoReady(host.url);
    await studio.step('Export').click();
    await page.getByLabel('Push to', { exact: true }).fill(`${registry.address}/models/big:1`);
    await page.getByLabel('Registry login (optional)', { exact: true }).fill('ada');
    await page.getByLabel('Registry password', { exact: true }).fill('s3cret');
    await page.getByRole('button', { name: 'Push artifact' }).click();
    const card = page.locator('[data-artifact-state]');
    await expect(card).toHaveAttribute('data-artifact-state', 'running');
    await expect(page.getByRole('button', { name: 'Push artifact' })).toHaveAttribute('aria-disabled', 'true');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(card).toHaveAttribute('data-artifact-state', 'idle', { timeout: 30_000 });
    await expect(page.getByTestId('artifact-error')).toHaveCount(0);
    const res = await fetch(`http://${registry.address}/v2/models/big/manifests/1`, {
      headers: {
        authorization: `Basic ${Buffer.from('ada:s3cret').toString('base64')}`,
        accept: 'application/vnd.oci.image.manifest.v1+json',
      },
    });
    expect(res.status).toBe(404);
  } finally {
    await registry.stop();
  }
});
