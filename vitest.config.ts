import { defineConfig } from 'vitest/config';

// Unit + wasm-in-node tests. Kept separate from vite.config.ts (whose root is
// web/) so test paths resolve from the repository root.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/web/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
