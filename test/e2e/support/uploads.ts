import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

/** A TMPDIR of this test's own for the host, so its upload folders can be looked into. */
export function hostTmpDir(testInfo: TestInfo): string {
  const dir = testInfo.outputPath('host-tmp');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Files in the upload folders a host made under `tmpDir`: it writes
 * `<tmpDir>/modelcrate-uploads-*\/<uploadId>/<name>.part`, renamed to `<name>` once complete.
 */
export function uploadedFiles(tmpDir: string): string[] {
  const roots = readdirSync(tmpDir).filter((n) => n.startsWith('modelcrate-uploads-'));
  return roots.flatMap((root) => readdirSync(path.join(tmpDir, root)).flatMap((group) => readdirSync(path.join(tmpDir, root, group))));
}

/**
 * Caps the page's upload rate (Chromium's network emulation), so a large upload lasts long enough
 * to be watched and cancelled however fast the machine is.
 */
export async function throttleUploads(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}
