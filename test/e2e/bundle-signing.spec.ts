// Signing in the studio, in Chromium: Export → Bundle makes a key, exports its public half, packs
// with "Sign with <key>", and verifies; opening the bundle shows who signed it (trusted here, an
// unknown key in a studio with other keys); a bundle whose manifest was edited after signing is
// refused with SIGNATURE_INVALID and what to do; the CLI verifies the download with the exported key.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mlp } from '../fixtures/models';
import { payload } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations, screenshot } from './support/page-checks';

requireChromium();

const BIN = fileURLToPath(new URL('../../bin/modelcrate.mjs', import.meta.url));

test('Export → Bundle: create a key, sign, verify; open shows the signature state; an edited signed bundle is refused', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  const model = mlp(modelsDir);
  const host = await launchHost({ model });
  await studio.gotoReady(host.url);
  await studio.step('Export').click();

  // No key yet: the card offers to make one, then "Sign with release" is ticked.
  const signing = page.getByTestId('signing-option');
  await expect(signing).toContainText('No signing key yet');
  await page.getByLabel('New key name', { exact: true }).fill('release');
  await page.getByRole('button', { name: 'Create signing key' }).click();
  const signBox = page.getByRole('checkbox', { name: /Sign with/ });
  await expect(signBox).toBeChecked();
  await expect(signing).toContainText('Sign with release');
  await expect(signing).toHaveAttribute('data-sign', 'true');

  // The public key downloads as PEM.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export public key' }).click();
  const pemFile = testInfo.outputPath('release.pub.pem');
  const d = await download;
  expect(d.suggestedFilename()).toBe('release.pub.pem');
  await d.saveAs(pemFile);
  expect(readFileSync(pemFile, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);

  await page.getByRole('button', { name: 'Pack bundle' }).click();
  const card = page.locator('[data-pack-state]');
  await expect(card).toHaveAttribute('data-pack-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('pack-signature')).toContainText(/modelcrate\.sig, Ed25519, key release [0-9a-f]{16}/);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(card).toHaveAttribute('data-verify-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('verify-report')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('verify-report').locator('[data-check="manifest signature"]')).toContainText(
    'signed by trusted key "release"',
  );
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/bundle-signing-export.png', 'export bundle card, signed');

  // The CLI checks the packed bundle with the exported key.
  const bundle = join(dirname(model), 'mlp-0.1.0.tar.gz');
  const cli = spawnSync(process.execPath, [BIN, 'verify', bundle, '--public-key', pemFile], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);

  // Opened here: signed by a trusted key (our own).
  await studio.dropFiles([payload(bundle)]);
  const badge = page.getByTestId('header-signature');
  await expect(badge).toHaveAttribute('data-signature-state', 'trusted');
  await expect(badge).toHaveText('Signed · release');
  await screenshot(page, testInfo, 'test-results/bundle-signing-open.png', 'signed bundle opened');

  // Edited after signing (the version in modelcrate.json): refused, with what to do.
  const work = testInfo.outputPath('edited');
  mkdirSync(work, { recursive: true });
  execFileSync('tar', ['-xzf', bundle, '-C', work]);
  const manifest = join(work, 'modelcrate.json');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"version": "0.1.0"', '"version": "9.9.9"'));
  const edited = testInfo.outputPath('edited.tar.gz');
  const files = execFileSync('tar', ['-tzf', bundle], { encoding: 'utf8' }).trim().split('\n');
  execFileSync('tar', ['-czf', edited, '-C', work, ...files]);
  await studio.dropFiles([payload(edited)]);
  await expect(studio.errorBanner).toHaveAttribute('data-error-code', 'SIGNATURE_INVALID');
  await expect(studio.errorBanner).toContainText('changed after it was signed');
  await expect(studio.errorBanner).toContainText('Get it again from its source');
  await screenshot(page, testInfo, 'test-results/bundle-signing-invalid.png', 'edited signed bundle refused');

  // Another studio (other keys) opens the good bundle as signed by an unknown key.
  const other = await launchHost({ model: bundle });
  await studio.gotoReady(other.url);
  await expect(badge).toHaveAttribute('data-signature-state', 'unknown-key');
  await expect(badge).toHaveText('Signed by unknown key');
  await expect(badge).toHaveAttribute('title', /signed by an unknown key [0-9a-f]{16}/);
});

test('Settings → Signing keys: create a key, trust a pasted public key, export one', async ({ host, studio, page }, testInfo) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await page.getByRole('button', { name: 'Settings' }).click();
  const keys = page.getByTestId('signing-keys');
  await expect(keys).toContainText('No keys yet.');
  await page.getByLabel('New signing key name', { exact: true }).fill('ci-release');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(keys.locator('[data-key-name="ci-release"]')).toHaveAttribute('data-key-kind', 'own');

  // Someone else's key, made outside the studio.
  const { generateKeyPairSync } = await import('node:crypto');
  const theirs = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await page.getByLabel("Trust someone's public key").fill(theirs);
  await page.getByRole('button', { name: 'Trust key' }).click();
  const trusted = keys.locator('[data-key-kind="trusted"]');
  await expect(trusted).toHaveCount(1);
  await expect(trusted).toContainText(/key-[0-9a-f]{16}/);
  // Not a key: the error says so, and nothing is added.
  await page.getByLabel("Trust someone's public key").fill('hello');
  await page.getByRole('button', { name: 'Trust key' }).click();
  await expect(page.getByTestId('keys-error')).toHaveAttribute('data-error-code', 'KEY_INVALID');
  await expect(trusted).toHaveCount(1);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the public key of ci-release' }).click();
  expect((await download).suggestedFilename()).toBe('ci-release.pub.pem');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/bundle-signing-settings.png', 'settings signing keys');
});
