import { defineConfig } from 'vitest/config';

// Browser tests against the built site. One fork, one file at a time: each
// file starts Chromium and a preview server, and the machine has 2 cores.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
