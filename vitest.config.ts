import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests share one real Redis; per-test key prefixes keep them apart, but two
    // cores cannot run many Redis-heavy files at once without timeouts.
    maxWorkers: 2,
  },
});
