// Saves the README's pictures of the Sequences and Attention pages after a
// seeded run in headless Chromium: docs/sequences.png (adding problem, T = 50:
// the RNN stays at the baseline, the LSTM and GRU learn) and docs/attention.png
// (reversal, solved: the anti-diagonal map), and docs/char-model.png (the
// Sequences page's char model after its default 100 steps, seed 1, with a
// sample coloured by one unit's h_t). Usage: npm run build && node scripts/screenshot-pages.mjs
import { join } from 'node:path';
import { launchBrowser, ROOT, startPreview } from '../tests/e2e/support/site.mjs';

const server = await startPreview();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await page.goto(`${server.url}sequences.html?task=adding&T=50&seed=1&steps=300`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 60_000 });
  await page.getByTestId('sq-train').click();
  await page.waitForFunction(() => document.body.dataset.race === 'done', undefined, { timeout: 120_000 });
  await page.screenshot({ path: join(ROOT, 'docs/sequences.png') });

  const charModel = page.getByTestId('cm');
  await page.waitForFunction(() => document.querySelector('[data-testid="cm"]')?.dataset.state === 'ready', undefined, { timeout: 60_000 });
  await page.getByTestId('cm-seed').fill('1');
  await page.getByTestId('cm-train').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="cm"]')?.dataset.state === 'trained', undefined, { timeout: 180_000 });
  await page.getByTestId('cm-prompt').fill('alice was ');
  await page.getByTestId('cm-temperature').fill('0.5');
  await page.getByTestId('cm-sample').click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="cm-sample-numbers"]')?.textContent ?? '') !== '', undefined, { timeout: 30_000 });
  await charModel.screenshot({ path: join(ROOT, 'docs/char-model.png') });

  await page.goto(`${server.url}attention.html?task=reverse`);
  await page.waitForFunction(() => /^Solved at step \d+/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 60_000 });
  await page.screenshot({ path: join(ROOT, 'docs/attention.png') });
  console.log('screenshot-pages: docs/sequences.png, docs/char-model.png, docs/attention.png');
} finally {
  await browser.close();
  await server.close();
}
