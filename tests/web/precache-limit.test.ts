// An asset over the service worker's precache limit must fail the build, not
// be left out of the offline site. Builds the site with a 1 MB limit, which
// data/t10k-images-idx3-ubyte.gz (1.6 MB, written by scripts/pack-mnist.mjs
// before the tests run) exceeds.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/artifacts';

const outDir = mkdtempSync(join(tmpdir(), 'glassbox-precache-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the precache size limit', () => {
  it(
    'fails the build naming the file that is too large',
    async () => {
      expect(existsSync(join(ROOT, 'web/public/data/t10k-images-idx3-ubyte.gz'))).toBe(true);
      process.env.GLASSBOX_PRECACHE_LIMIT = String(1_000_000);
      try {
        await expect(
          build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } }),
        ).rejects.toThrow(/Assets exceeding the limit:[\s\S]*data\/t10k-images-idx3-ubyte\.gz is 1\.6\d? MB/);
      } finally {
        delete process.env.GLASSBOX_PRECACHE_LIMIT;
      }
    },
    120_000,
  );
});
