// Issue 15's promise for every attention task: its known-good default trains
// in the tab, in under a minute, until it is solved (the engine's held-out
// accuracy reaches the task's target). Prints each task's step and wall-clock
// seconds in headless Chromium, the numbers the closing note quotes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';

let server: PreviewHandle;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// The steps to solve natively (README, `glassbox compare attention`, held by test_token_tasks.cpp).
const NATIVE_STEPS: Record<string, number> = { copy: 50, reverse: 50, sort: 100, rename: 50, induction: 650 };

describe('every attention task solves in the tab within a minute', () => {
  for (const task of Object.keys(NATIVE_STEPS)) {
    it(task, async () => {
      const page: Page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      watchPage(page, { errors });
      const started = Date.now();
      await page.goto(`${server.url}attention.html?task=${task}`);
      await page.waitForFunction(() => /^(Solved|Stopped) at step \d+/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 60_000 });
      const seconds = (Date.now() - started) / 1000;
      const status = (await page.locator('#status').textContent())!;
      console.log(`attention task ${task}: "${status.split('.')[0]}." after ${seconds.toFixed(1)} s (page load included)`);
      // Solved, not stopped at the step limit. The step is logged beside the CLI's: the tab matches it for
      // copy, reverse, sort and rename; induction solved at step 600 in the tab against 650 natively (2026-12-01), not yet explained.
      expect(status).toMatch(/^Solved at step \d+ \(test accuracy /);
      console.log(`  ${task}: step ${/step (\d+)/.exec(status)![1]} in the tab, ${NATIVE_STEPS[task]} natively`);
      expect(seconds).toBeLessThan(60);
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }
});
