import { existsSync } from 'node:fs';
import { test } from '@playwright/test';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Call at the top of a spec. Without Chromium a developer sees the tests skipped with the fix;
 * on CI (CI=true) they run and fail, because a green run that tested nothing is worse.
 */
export function requireChromium(): void {
  test.skip(
    !existsSync(CHROMIUM_PATH) && process.env.CI !== 'true',
    `Chromium is not installed at ${CHROMIUM_PATH}: apt-get install -y chromium (never npx playwright install)`,
  );
}
