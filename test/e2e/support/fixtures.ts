import { mkdirSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import { StudioPage } from '../pages/studio-page';
import { startHost, type HostOptions, type StudioHost } from './host';

interface Fixtures {
  /** A folder of this test's own (under test-results) for the models it builds. */
  modelsDir: string;
  /** Starts a host; every host started is stopped after the test. */
  launchHost: (opts?: HostOptions) => Promise<StudioHost>;
  /** A host without a model. */
  host: StudioHost;
  studio: StudioPage;
}

export const test = base.extend<Fixtures>({
  modelsDir: async ({}, use, testInfo) => {
    const dir = testInfo.outputPath('models');
    mkdirSync(dir, { recursive: true });
    await use(dir);
  },
  launchHost: async ({}, use, testInfo) => {
    const hosts: StudioHost[] = [];
    await use(async (opts) => {
      const h = await startHost(opts);
      hosts.push(h);
      return h;
    });
    for (const h of hosts) {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host-stderr', { body: h.logs(), contentType: 'text/plain' });
      await h.stop();
    }
  },
  host: async ({ launchHost }, use) => {
    await use(await launchHost());
  },
  studio: async ({ page }, use) => {
    await use(new StudioPage(page));
  },
});

export { expect };
