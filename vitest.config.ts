import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    // Slow suites are opt-in: name them *.slow.test.ts and run with VIGIL_SLOW=1.
    exclude: process.env.VIGIL_SLOW === '1' ? ['node_modules/**'] : ['node_modules/**', '**/*.slow.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
