// Export → Model artifact signed, in Chromium against a real loopback registry, driven from the
// keyboard: a key made on the Bundle card shows up at once on the Model artifact and Docker image
// cards; "Sign the artifact with release" is ticked with Space; the result names the key and its
// pull command asks for the public key; the CLI pulls the artifact with the exported public key and
// refuses it with another key. The cards are also checked in the dark theme.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mlp } from '../fixtures/models';
import { startRegistry } from '../fixtures/docker-registry';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations, screenshot } from './support/page-checks';

requireChromium();

const BIN = fileURLToPath(new URL('../../bin/modelcrate.mjs', import.meta.url));

test('a key made on the Bundle card signs the model artifact (keyboard); the CLI pulls it with that public key only', async ({
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

    // No key yet: the artifact and image cards say where to make one.
    await expect(page.getByTestId('artifact-signing-option')).toContainText('No signing key yet');
    await expect(page.getByTestId('image-signing-option')).toContainText('No signing key yet');
    await page.getByLabel('New key name', { exact: true }).fill('release');
    await page.getByRole('button', { name: 'Create signing key' }).click();
    // Every card learns of the new key without a reload.
    const artifactSign = page.getByRole('checkbox', { name: 'Sign the artifact with release' });
    await expect(artifactSign).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'Sign the bundle with release and require it in the image' })).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export public key' }).click();
    const pem = testInfo.outputPath('release.pub.pem');
    await (await download).saveAs(pem);

    const reference = `${registry.address}/models/signed-mlp:1.0.0`;
    await page.getByLabel('Push to', { exact: true }).fill(reference);
    await page.getByLabel('Registry login (optional)', { exact: true }).fill('ada');
    await page.getByLabel('Registry password', { exact: true }).fill('s3cret');
    // From the password field: Tab past Plain HTTP to the signing checkbox, Space ticks it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(artifactSign).toBeFocused();
    await page.keyboard.press('Space');
    await expect(artifactSign).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Push artifact' })).toBeFocused();
    await page.keyboard.press('Enter');

    const card = page.locator('[data-artifact-state]');
    await expect(card).toHaveAttribute('data-artifact-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('artifact-signature')).toContainText(/signed by key release [0-9a-f]{16}/);
    await expect(page.getByTestId('artifact-result')).toContainText('--public-key release.pub.pem');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, testInfo, 'test-results/signed-artifact-export.png', 'signed artifact export');
    await page.evaluate("document.documentElement.setAttribute('data-theme', 'dark')");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, testInfo, 'test-results/signed-artifact-export-dark.png', 'signed artifact export, dark');

    const env = {
      ...process.env,
      MODELCRATE_REGISTRY_USER: 'ada',
      MODELCRATE_REGISTRY_PASSWORD: 's3cret',
      MODELCRATE_DATA_DIR: testInfo.outputPath('cli-data'),
    };
    const ok = spawnSync(process.execPath, [BIN, 'artifact', 'pull', reference, testInfo.outputPath('pulled'), '--public-key', pem], {
      encoding: 'utf8',
      env,
    });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('signed by trusted key "release.pub.pem"');
    // Another key: refused, nothing written.
    const keys = spawnSync(process.execPath, [BIN, 'keys', 'create', 'other'], { encoding: 'utf8', env });
    expect(keys.status, keys.stderr).toBe(0);
    const otherPem = testInfo.outputPath('other.pub.pem');
    writeFileSync(otherPem, spawnSync(process.execPath, [BIN, 'keys', 'export-public', 'other'], { encoding: 'utf8', env }).stdout);
    const refused = spawnSync(
      process.execPath,
      [BIN, 'artifact', 'pull', reference, testInfo.outputPath('refused'), '--public-key', otherPem],
      { encoding: 'utf8', env },
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /error\[SIGNATURE_UNTRUSTED\]: .* is signed by key [0-9a-f]{16}, not by the required key [0-9a-f]{16} \("other\.pub\.pem"\)/,
    );
  } finally {
    await registry.stop();
  }
});
