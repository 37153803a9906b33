// The classroom file (npm run build:classroom): dist/classroom/glassbox.html
// opened by a file:// URL with every other request aborted, as on a school
// laptop with no network. Draw and read the answer, the 3D view, a small
// training run on the embedded MNIST subset, the playground, a lesson.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_TEST_IMAGES, ROOT, afterFrames, drawDigit, launchBrowser, openSite, readMnistImages, watchPage } from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';

const FILE = join(ROOT, 'dist/classroom/glassbox.html');
const URL_ = pathToFileURL(FILE).href;

let browser: Browser;
let context: BrowserContext;
let page: Page;
const blocked: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing. Run \`npm run build:classroom\` first.`);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  // No network: anything that is not the file itself is aborted (and recorded).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  page = await context.newPage();
  watchPage(page, { errors });
});

afterAll(async () => {
  await browser?.close();
});

const training = () => page.locator('#training');
const data = (name: string) => training().evaluate((el, key) => (el as HTMLElement).dataset[key] ?? '', name);
const answer = async () => ((await page.getByTestId('top-answer').textContent()) ?? '').trim();

async function waitReady(): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready') throw new Error(`not ready (${state}): ${await page.textContent('#status')}`);
}

describe('the classroom file from file:// with no network', () => {
  it('answers a drawn 7 live, with every shipped model, and shows the 3D view', async () => {
    await openSite(page, URL_);
    expect(await page.evaluate(() => document.body.dataset.page)).toBe('digits');
    expect(await page.title()).toBe('Glassbox');
    const canvas = page.getByTestId('draw-canvas');
    await drawDigit(page, canvas, readMnistImages(MNIST_TEST_IMAGES, 1)[0]!);
    await afterFrames(page);
    expect(await answer()).toBe('7');
    // The 3D view, built from the same forward pass: the winner is lit.
    expect(await page.locator('.digits-view').getAttribute('data-view')).toBe('ready');
    expect(await page.locator('.view3d-label-digit.winner').textContent()).toBe('7');
    // The other two models are embedded too.
    const models = await page.getByTestId('model-picker').locator('option').allTextContents();
    expect(models).toEqual(['LeNet-style CNN', 'MLP 784-128-64-10', 'Small MLP 784-32-10']);
    for (const id of ['mlp', 'mlp-small']) {
      await page.getByTestId('model-picker').selectOption(id);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#digits')?.dataset.model !== 'loading');
      await afterFrames(page);
      expect(await answer()).toBe('7');
    }
    expect(await page.locator('.digits-error').isVisible()).toBe(false);
    // "Load a test digit" reads the embedded MNIST test subset.
    await page.getByTestId('load-test-digit').click();
    await expect.poll(() => page.getByTestId('test-digit-note').textContent()).toBe('MNIST test image #0, labelled 7. Press again for the next one.');
    await afterFrames(page);
    expect(await answer()).toBe('7');
    await expectNoSeriousAxeViolations(page, 'classroom file: digits, after drawing and a test digit');
  });

  it('trains a small run to completion on the embedded subset', async () => {
    await page.getByTestId('train-limit').selectOption('5000');
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-start').click();
    await expect.poll(() => data('done'), { timeout: 120_000 }).toBe('1');
    expect(await page.getByTestId('train-error').isVisible()).toBe(false);
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Done after [^:]+: \d+\.\d\d% on the 2,000 test images\.$/);
    expect(Number(await data('accuracy'))).toBeGreaterThan(0.8);
    // The confusion matrix counts the 2,000 embedded test images.
    const cells = (await page.getByTestId('confusion').locator('button').allTextContents()).map(Number);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(2000);
    await expectNoSeriousAxeViolations(page, 'classroom file: after a training run');
  });

  it('opens the playground from its link and steps it', async () => {
    await page.getByRole('link', { name: 'Playground →' }).click();
    await page.waitForFunction(() => document.body.dataset.page === 'playground');
    await waitReady();
    expect(await page.title()).toBe('Glassbox Playground');
    await page.waitForSelector('[data-testid=diagram][data-params]');
    const initial = await page.getByTestId('diagram').getAttribute('data-params');
    for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
    await page.waitForFunction((p) => document.querySelector('[data-testid=diagram]')?.getAttribute('data-params') !== p, initial);
    // The playground keeps its setup in the query; the page stays the playground.
    expect(new URL(page.url()).hash).toBe('#playground');
    await page.reload();
    await waitReady();
    expect(await page.evaluate(() => document.body.dataset.page)).toBe('playground');
    await expectNoSeriousAxeViolations(page, 'classroom file: playground');
  });

  it('opens the lessons from the playground and moves to lesson 2', async () => {
    await page.locator('.pg-nav').getByRole('link', { name: 'Lessons' }).click();
    await page.waitForFunction(() => document.body.dataset.page === 'lessons');
    await waitReady();
    await page.waitForFunction(() => document.getElementById('lesson')?.dataset.lesson === '1');
    expect(await page.getByTestId('l1-z').textContent()).toBe('1.19');
    await page.getByTestId('nav-2').click();
    await page.waitForFunction(() => document.getElementById('lesson')?.dataset.lesson === '2');
    expect(new URL(page.url()).hash).toBe('#2');
    await expectNoSeriousAxeViolations(page, 'classroom file: lesson 2');
  });

  it('shows the <glassbox-playground> demo at #widget, with the embedded engine', async () => {
    const demo = await context.newPage();
    watchPage(demo, { errors });
    await demo.goto(`${URL_}#widget`);
    await demo.waitForFunction(() => ['xor', 'circles'].every((id) => document.getElementById(id)?.dataset.state === 'ready'), undefined, { timeout: 60_000 });
    expect(await demo.title()).toBe('Glassbox widget demo');
    expect(await demo.locator('#xor').getByTestId('title').textContent()).toBe('XOR · 2-2-1');
    expect(await demo.locator('#xor').getByTestId('run-status').textContent()).toBe('epoch 0 · training loss 0.2542 · test accuracy 50%');
    await demo.locator('#xor').getByTestId('step').click();
    await expect.poll(() => demo.locator('#xor').getByTestId('run-status').getAttribute('data-epoch')).toBe('1');
    await expectNoSeriousAxeViolations(demo, 'classroom file: widget demo');
    await demo.close();
  });

  it('made no request outside the file and logged no error', () => {
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
