import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    // Bounds that only stop a hung test: waits inside tests give up after HANG_BOUND_MS (60 s,
    // test/helpers/process.ts), and a loaded machine must make the suite slow, never red.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Integration tests share one real Redis; per-test key prefixes keep them apart, but two
    // cores cannot run many Redis-heavy files at once without timeouts.
    maxWorkers: 2,
  },
});
