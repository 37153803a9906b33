// The installable offline site (vite-plugin-pwa + Workbox), and honest
// messages when a file cannot be fetched. Visit once, switch the context
// offline, reload both pages, draw, train a small run, pick the CNN and open
// the playground. Then, with no service worker, the errors say "offline".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_TEST_IMAGES,
  ROOT,
  afterFrames,
  drawDigit,
  launchBrowser,
  openSite,
  readMnistImages,
  startPreview,
  watchPage,
  type PreviewHandle,
} from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';

let server: PreviewHandle;
let browser: Browser;
const errors: string[] = [];
const seven = () => readMnistImages(MNIST_TEST_IMAGES, 1)[0]!;
const answer = async (page: Page) => ((await page.getByTestId('top-answer').textContent()) ?? '').trim();
const trainData = (page: Page, name: string) =>
  page.locator('#training').evaluate((el, key) => (el as HTMLElement).dataset[key] ?? '', name);

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready') throw new Error(`not ready (${state}): ${await page.textContent('#status')}`);
}

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the installable offline site', () => {
  it('precaches the wasm, the models and the MNIST files, and names a manifest', () => {
    const sw = readFileSync(join(ROOT, 'web/dist/sw.js'), 'utf8');
    const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!);
    // The site's engine and the widget's copy (web/dist/widget/assets/).
    expect(urls.filter((u) => u.endsWith('.wasm'))).toHaveLength(2);
    expect(urls.filter((u) => u.startsWith('widget/assets/') && u.endsWith('.wasm'))).toHaveLength(1);
    for (const file of ['index.html', 'playground.html', 'lessons.html', 'models/models.json', 'models/mnist-mlp.safetensors',
      'models/mnist-mlp-small.safetensors', 'models/mnist-cnn.safetensors', 'data/mnist.json',
      'data/train-00.gz', 'data/train-59.gz', 'data/t10k-images-idx3-ubyte.gz', 'data/t10k-labels-idx1-ubyte.gz',
      'widget/widget-demo.html', 'widget/glassbox-playground.js']) {
      expect(urls, file).toContain(file);
    }
    const html = readFileSync(join(ROOT, 'web/dist/index.html'), 'utf8');
    expect(html).toContain('<link rel="manifest" href="./manifest.webmanifest">');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'web/dist/manifest.webmanifest'), 'utf8')) as { short_name: string; display: string };
    expect([manifest.short_name, manifest.display]).toEqual(['Glassbox', 'standalone']);
  });

  it('after one visit, works with the network off: both pages reload, draw, train, the CNN, the playground', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    watchPage(page, { errors });
    await openSite(page, server.url);
    // The service worker has installed (precached everything) and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller === null) {
        await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
      }
    });

    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.reload();
    await waitReady(page);
    await drawDigit(page, page.getByTestId('draw-canvas'), seven());
    await afterFrames(page);
    expect(await answer(page)).toBe('7');
    // The CNN was never opened online; it comes from the precache.
    await page.getByTestId('model-picker').selectOption('cnn');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#digits')?.dataset.model !== 'loading');
    await afterFrames(page);
    expect(await page.locator('.digits-error').isVisible()).toBe(false);
    expect(await answer(page)).toBe('7');

    await page.getByTestId('train-limit').selectOption('1000');
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-start').click();
    await expect.poll(() => trainData(page, 'done'), { timeout: 120_000 }).toBe('1');
    expect(await page.getByTestId('train-error').isVisible()).toBe(false);
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Done after [^:]+: \d+\.\d\d% on the 10,000 test images\.$/);
    // "Load a test digit" reads the precached MNIST test set.
    await page.getByTestId('load-test-digit').click();
    await expect.poll(() => page.getByTestId('test-digit-note').textContent()).toBe('MNIST test image #0, labelled 7. Press again for the next one.');
    await expectNoSeriousAxeViolations(page, 'offline site: offline, after reload, drawing, a training run and a test digit');

    await page.getByRole('link', { name: 'Playground →' }).click();
    await waitReady(page);
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('[data-testid=diagram][data-params]');
    const initial = await page.getByTestId('diagram').getAttribute('data-params');
    await page.getByTestId('step').click();
    await page.waitForFunction((p) => document.querySelector('[data-testid=diagram]')?.getAttribute('data-params') !== p, initial);

    // The widget demo was never opened online: its page, script and wasm come from the precache.
    await page.goto(`${server.url}widget/widget-demo.html`);
    await page.waitForFunction(() => ['xor', 'circles'].every((id) => document.getElementById(id)?.dataset.state === 'ready'), undefined, { timeout: 60_000 });
    await expectNoSeriousAxeViolations(page, 'offline site: offline, widget demo from the precache');
    await context.close();
  });
});

describe('honest offline errors (no service worker, network cut after the first load)', () => {
  it('says a model and the training worker have not been downloaded, and the status agrees', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const expected: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') expected.push(m.text()); });
    await openSite(page, server.url);
    await context.setOffline(true);

    // The CNN (the default) was downloaded on the first load; the MLP was not.
    await page.getByTestId('model-picker').selectOption('mlp');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#digits')?.dataset.model !== 'loading');
    expect(await page.locator('.digits-error').textContent()).toBe(
      'Could not switch to MLP 784-128-64-10: You are offline and the MLP 784-128-64-10 has not been downloaded yet.',
    );
    expect(await page.getByTestId('model-picker').inputValue()).toBe('cnn');

    await page.getByTestId('train-start').click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#training')?.dataset.training === 'idle');
    expect(await page.getByTestId('train-error').textContent()).toBe('You are offline and the training worker has not been downloaded yet.');
    expect(await page.getByTestId('train-status').textContent()).toBe('Training stopped by an error.');
    expect(await page.getByTestId('train-start').isEnabled()).toBe(true);
    await context.close();
  });

  it('logged no page error in the offline site', () => {
    expect(errors).toEqual([]);
  });
});
