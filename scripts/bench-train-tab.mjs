// Benchmark of "Train in the tab" in headless Chromium against the built site
// (web/dist): trains the default model (784-128-64-10 MLP, adam 0.003, batch
// 16, cosine, 1 epoch on all 60,000 images) through the page's own panel and
// reports test accuracy, seconds per epoch, samples per second, and every
// main-thread long task (> 50 ms, PerformanceObserver 'longtask') seen while
// it trained.
//
//   npx vite build && node scripts/bench-train-tab.mjs [--epochs N] [--preset mlp|wide|lenet]
import { launchBrowser, openSite, startPreview } from '../tests/e2e/support/site.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const epochs = option('epochs', '1');
const preset = option('preset', 'mlp');

const server = await startPreview();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await openSite(page, server.url);
  await page.getByTestId('train-preset').selectOption(preset);
  await page.getByTestId('train-epochs').fill(epochs);
  const t0 = await page.evaluate(() => performance.now());
  const wall = Date.now();
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => document.querySelector('#training')?.dataset.lossPoints > '0', undefined, { timeout: 120_000 });
  const firstStepMs = Date.now() - wall;
  await page.waitForFunction(() => document.querySelector('#training')?.dataset.done === '1', undefined, { timeout: 3_600_000, polling: 500 });
  const t1 = await page.evaluate(() => performance.now());
  const result = await page.evaluate(() => {
    const el = document.querySelector('#training');
    return { accuracy: Number(el.dataset.accuracy), seconds: Number(el.dataset.seconds), maxHandlerMs: Number(el.dataset.maxHandlerMs), maxChartRedrawMs: Number(el.dataset.maxRedrawMs), status: document.querySelector('[data-testid="train-status"]').textContent };
  });
  const longTasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= t0 && t.start <= t1);
  const error = await page.getByTestId('train-error').textContent();
  const samples = 60000 * Number(epochs);
  console.log(JSON.stringify({
    preset,
    epochs: Number(epochs),
    testAccuracy: result.accuracy,
    trainingSeconds: result.seconds,
    secondsPerEpoch: result.seconds / Number(epochs),
    samplesPerSecond: Math.round(samples / result.seconds),
    wallSecondsFromClick: (Date.now() - wall) / 1000,
    secondsToFirstStep: firstStepMs / 1000,
    longTasksOver50ms: longTasks.length,
    longestTaskMs: longTasks.reduce((m, t) => Math.max(m, t.duration), 0),
    slowestMessageHandlerMs: result.maxHandlerMs,
    slowestChartRedrawMs: result.maxChartRedrawMs,
    longTasks: longTasks.map((t) => ({ msAfterClick: Math.round(t.start - t0), durationMs: Math.round(t.duration) })),
    status: result.status,
    error: error || null,
  }, null, 2));
} finally {
  await browser.close();
  await server.close();
}
