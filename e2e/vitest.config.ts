import { defineConfig } from 'vitest/config';

/** Browser end-to-end tests (`npm run test:e2e`): Debian's chromium driven by playwright-core. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
