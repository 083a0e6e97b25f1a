import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/e2e/support/chromium';

// e2e drives the real renderer (dist/renderer, so `npm run build` first) against the real
// services through `modelcrate studio --web`, which each test starts itself.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: process.env.CI === 'true' ? 2 : undefined,
  forbidOnly: process.env.CI === 'true',
  retries: 0,
  // scripts/test.mjs totals the JSON report (it names the file through PLAYWRIGHT_JSON_OUTPUT_NAME).
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: ['electron/**'],
      use: {
        browserName: 'chromium',
        viewport: { width: 1360, height: 900 },
        // Debian's Chromium, never a downloaded one (`npx playwright install` cannot reach its CDN here).
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
    {
      // Runs only where `require('electron')` names an existing binary (a developer laptop);
      // on CI machines the binary cannot be downloaded and the tests report themselves skipped.
      name: 'electron',
      testMatch: ['electron/**/*.spec.ts'],
    },
  ],
});
