// "Train in the tab" in Chromium: a tiny run in the worker (2,000 images),
// charts gain points, pause / resume, the confusion matrix, "use this model"
// answers a drawn digit, the saved model survives a reload, export + import,
// and a corrupt import shows the engine's error while the page keeps working.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_TEST_IMAGES,
  afterFrames,
  drawDigit,
  launchBrowser,
  openSite,
  watchPage,
  readMnistImages,
  startPreview,
  type PreviewHandle,
} from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';
import { loadTestEngine } from '../web/helpers/engine';

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const dataFetches: { file: string; bytes: number }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'glassbox-train-'));

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  // No service worker here: its precache would fetch every data chunk in the
  // background, and this suite measures what a run itself downloads (the
  // offline site has its own suite, offline-site.e2e.ts).
  context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true, serviceWorkers: 'block' });
  page = await context.newPage();
  watchPage(page, { errors: pageErrors });
  // Every file fetched from data/ (the worker's downloads included) and its bytes on the wire.
  context.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.includes('/data/')) return;
    void request.sizes().then((sizes) => dataFetches.push({ file: path.slice(path.lastIndexOf('/') + 1), bytes: sizes.responseBodySize }));
  });
  await openSite(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const training = () => page.locator('#training');
const data = (name: string) => training().evaluate((el, key) => (el as HTMLElement).dataset[key] ?? '', name);

describe('train in the tab', () => {
  it('trains a small MLP in the worker with live charts, pause and resume', async () => {
    // Before any run there is no result, so no "Use this model" either.
    expect(await page.getByTestId('train-use').isVisible()).toBe(false);
    // 1,000 images for up to 30 short epochs: long enough to pause, resume and stop it.
    // The subset choices are 1k, 5k, 10k and 60k; the smallest gets a warning before the run.
    expect(await page.getByTestId('train-limit').locator('option').allTextContents()).toEqual(['1,000', '5,000', '10,000', '60,000 (all)']);
    expect(await page.getByTestId('train-warning').isVisible()).toBe(false);
    await page.getByTestId('train-limit').selectOption('1000');
    expect(await page.getByTestId('train-warning').textContent()).toBe(
      'Only 1,000 training images: enough to watch the network learn, too few for a model worth comparing with the shipped ones (they saw 60,000). The result will be marked "small training set".');
    await page.getByTestId('train-limit').selectOption('5000');
    expect(await page.getByTestId('train-warning').isVisible()).toBe(false);
    await page.getByTestId('train-limit').selectOption('1000');
    await page.getByTestId('train-epochs').fill('30');
    await page.getByTestId('train-start').click();
    await expect.poll(() => data('lossPoints').then(Number), { timeout: 60_000 }).toBeGreaterThan(0);

    // The digit page and its 3D view follow the model being trained: switched to once, then new weights about every second.
    await expect.poll(() => page.locator('#digits').evaluate((el) => (el as HTMLElement).dataset.model)).toBe('training-live');
    expect(await page.getByTestId('model-picker').evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Training now: MLP 784-128-64-10');
    const weights = () => page.evaluate(() => Array.from((window.__glassbox!.network as unknown as { parameters(): Float32Array }).parameters().slice(-2000)));
    const builds = await page.evaluate(() => window.__glassbox!.view!.builds());
    const firstWeights = await weights();
    const firstCount = Number(await data('liveUpdates'));
    await expect.poll(() => data('liveUpdates').then(Number), { timeout: 30_000 }).toBeGreaterThanOrEqual(firstCount + 3);
    expect(await weights()).not.toEqual(firstWeights);
    expect(await page.evaluate(() => window.__glassbox!.view!.builds())).toBe(builds);
    const times = await page.evaluate(() => window.__glassbox!.liveUpdates!);
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    console.log(`live updates of the digit page while training: ${times.length}, gaps ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
    expect(gaps[Math.floor(gaps.length / 2)]!).toBeGreaterThan(800);
    expect(gaps[Math.floor(gaps.length / 2)]!).toBeLessThan(2000);

    await page.getByTestId('train-pause').click();
    await expect.poll(() => data('training')).toBe('paused');
    const pausedAt = Number(await data('lossPoints'));
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Paused at step \d+/);
    expect(await page.getByTestId('train-progress').evaluate((p) => (p as HTMLProgressElement).value)).toBeGreaterThan(0);
    await page.waitForTimeout(400);
    expect(Number(await data('lossPoints'))).toBe(pausedAt);
    await page.getByTestId('train-resume').click();
    await expect.poll(() => data('training')).toBe('running');
    await expect.poll(() => page.getByTestId('train-status').textContent()).toMatch(/^Epoch \d+ of 30 · step [\d,]+ \/ 1,890 · [\d,]+ samples\/s · ETA /);

    await expect.poll(() => data('accuracyPoints').then(Number), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('train-stop').click();
    await expect.poll(() => data('done'), { timeout: 60_000 }).toBe('1');
    expect(Number(await data('lossPoints'))).toBeGreaterThan(pausedAt);
    expect(Number(await data('accuracy'))).toBeGreaterThan(0.8);
    // MNIST came in chunks: the test set and the one chunk of 1,000 training images, about 1.8 MB instead of 11.5.
    const downloaded = dataFetches.reduce((sum, f) => sum + f.bytes, 0);
    console.log(`MNIST downloads for a 1,000-image run: ${JSON.stringify(dataFetches)}, ${downloaded} bytes`);
    expect(dataFetches.map((f) => f.file).sort()).toEqual(['mnist.json', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-00.gz']);
    expect(downloaded).toBeLessThan(2_000_000);
    // Legends show the latest values, not "--", while the pointer is elsewhere.
    const legend = await page.getByTestId('chart-loss').locator('.u-legend .u-value').allTextContents();
    console.log(`loss chart legend: ${JSON.stringify(legend)}`);
    expect(legend).toHaveLength(3);
    for (const value of legend) expect(value).toMatch(/^\d[\d,.]*$/);
    // uPlot drew the loss chart's points.
    expect(await page.getByTestId('chart-loss').locator('canvas').count()).toBe(1);
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Stopped after \d+(\.\d)? s: \d+\.\d\d% on the 10,000 test images\.$/);
    // The result is marked as what it is.
    expect(await page.getByTestId('train-result-text').textContent()).toMatch(/^Saved as “MLP 784-128-64-10 · small training set \(1,000\) [^”]+” \(\d+\.\d\d%\)\. Trained on only 1,000 images: a demonstration, not a model to compare\.$/);

    // The confusion matrix sums to 10,000 and a cell lists its digits.
    const cells = page.getByTestId('confusion').locator('button');
    expect(await cells.count()).toBe(100);
    const total = (await cells.allTextContents()).reduce((sum, t) => sum + Number(t), 0);
    expect(total).toBe(10000);
    await page.locator('[data-testid="confusion"] button[data-truth="3"][data-predicted="3"]').click();
    expect(await page.getByTestId('confusion-cell').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('misclassified').locator('figure').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('saved-models').locator('li[data-id]').count()).toBe(1);
    // After a run: the confusion matrix (its cells once failed colour contrast), a cell's misclassified digits.
    await expectNoSeriousAxeViolations(page, 'training: after a run, confusion matrix and a cell open');
  });

  it('"use this model" switches the digit page to it, and it answers a drawn digit', async () => {
    await page.getByTestId('train-use').click();
    await expect.poll(() => page.locator('#digits').evaluate((el) => (el as HTMLElement).dataset.model)).toMatch(/^trained-/);
    expect(await page.getByTestId('model-picker').evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toMatch(/^Trained: MLP 784-128-64-10 · small training set \(1,000\) /);
    // The page went back to the canvas.
    const pad = (await page.getByTestId('draw-canvas').boundingBox())!;
    expect(pad.y).toBeGreaterThanOrEqual(0);
    expect(pad.y + pad.height).toBeLessThanOrEqual(900);
    // The picker is as wide as the canvas; the note under it names the model in full, however long.
    const picked = (await page.getByTestId('model-picker').evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent!)).replace(/^Trained: /, '');
    const note = (await page.locator('.digits-model-note').textContent())!;
    console.log(`model picker: "${picked}"; note: "${note}"`);
    expect(note.startsWith(`“${picked}”: MLP 784-128-64-10, made in this tab, `)).toBe(true);
    expect(await page.locator('.digits-model-note').evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);
    const [seven] = readMnistImages(MNIST_TEST_IMAGES, 1);
    const canvas = page.getByTestId('draw-canvas');
    await canvas.scrollIntoViewIfNeeded();
    await drawDigit(page, canvas, seven!);
    await afterFrames(page);
    expect((await page.getByTestId('top-answer').textContent())?.trim()).toMatch(/^\d$/);
    await expectNoSeriousAxeViolations(page, 'training: the trained model in use on the digit page');
  });

  it('keeps the model after a reload, exports it and imports it back', async () => {
    await openSite(page, server.url);
    const saved = page.getByTestId('saved-models').locator('li[data-id]');
    await expect.poll(() => saved.count()).toBe(1);
    expect(await saved.first().textContent()).toMatch(/MLP 784-128-64-10/);

    const [download] = await Promise.all([page.waitForEvent('download'), saved.first().getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.safetensors$/);
    const file = join(dir, 'exported.safetensors');
    await download.saveAs(file);
    await page.getByTestId('import-file').setInputFiles(file);
    await expect.poll(() => saved.count()).toBe(2);
    expect(await page.getByTestId('import-error').isHidden()).toBe(true);
    expect(await saved.first().textContent()).toMatch(/exported.*MLP 784-128-64-10/);

    // Truncated and not-a-model files: the engine's message, and the page still works.
    const bytes = readFileSync(file);
    writeFileSync(join(dir, 'truncated.safetensors'), bytes.subarray(0, 200));
    await page.getByTestId('import-file').setInputFiles(join(dir, 'truncated.safetensors'));
    await expect.poll(() => page.getByTestId('import-error').textContent()).toMatch(/Could not import truncated\.safetensors: model file is truncated/);
    writeFileSync(join(dir, 'notes.safetensors'), 'hello, not a model');
    await page.getByTestId('import-file').setInputFiles(join(dir, 'notes.safetensors'));
    await expect.poll(() => page.getByTestId('import-error').textContent()).toMatch(/Could not import notes\.safetensors: not a safetensors model file/);
    // A real model of the wrong shape (2 inputs, 1 output): the shape is named.
    const engine = await loadTestEngine();
    const session = engine.startTraining({ sizes: [2, 3, 1], loss: 'mse' }, { inputs: new Float32Array(2), targets: new Float32Array(1), count: 1 });
    writeFileSync(join(dir, 'xor.safetensors'), session.toSafetensors());
    session.dispose();
    await page.getByTestId('import-file').setInputFiles(join(dir, 'xor.safetensors'));
    await expect.poll(() => page.getByTestId('import-error').textContent()).toMatch(/must map 784 pixels to 10 classes, but this one is 2 → 1/);
    expect(await saved.count()).toBe(2);
    await saved.first().getByRole('button', { name: 'Use' }).click();
    await expect.poll(() => page.locator('#digits').evaluate((el) => (el as HTMLElement).dataset.model)).toMatch(/^trained-/);
    await expectNoSeriousAxeViolations(page, 'training: after import errors and a saved model in use');
    expect(pageErrors).toEqual([]);
  });
});
