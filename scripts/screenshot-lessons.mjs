// Regenerates docs/lessons-<n>.png: each lesson as a 1280×720 projector shows
// it (first screen), from the built site (run `npx vite build` first).
import { join } from 'node:path';
import { ROOT, launchBrowser, startPreview } from '../tests/e2e/support/site.mjs';

const LESSONS = 8;
const server = await startPreview();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  for (let id = 1; id <= LESSONS; id++) {
    await page.goto(`${server.url}lessons.html#${id}`);
    await page.waitForFunction((n) => document.body.dataset.state === 'ready' && document.getElementById('lesson')?.dataset.lesson === String(n), id, { timeout: 60_000 });
    if (id === 7) {
      await page.getByTestId('l7-train').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="l7-status"]')?.getAttribute('data-done') === 'true', undefined, { timeout: 60_000 });
    }
    const path = join(ROOT, `docs/lessons-${id}.png`);
    await page.screenshot({ path });
    console.log(`screenshot-lessons: ${path}`);
  }
} finally {
  await browser.close();
  await server.close();
}
