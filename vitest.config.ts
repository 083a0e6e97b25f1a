import { defineConfig } from 'vitest/config';

// Unit and integration tests run under Node against the real services (no Electron binary here).
export default defineConfig({
  test: {
    include: [
      'electron/**/*.spec.ts',
      'core/**/*.spec.ts',
      'host/**/*.spec.ts',
      'cli/**/*.spec.ts',
      'server/**/*.spec.ts',
      'shared/**/*.spec.ts',
      'renderer/**/*.spec.ts',
      'test/integration/**/*.spec.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/setup/build-node.ts'],
  },
});
