// Deploy anywhere: web/dist served by a plain static server (node:http, no
// Vite, no special headers) under /glassbox/, as GitHub Pages serves a project
// site. Every page works there, and nothing is requested outside the prefix
// (the server answers 404 outside it and records the path).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_TEST_IMAGES,
  afterFrames,
  drawDigit,
  launchBrowser,
  openSite,
  readMnistImages,
  watchPage,
} from './support/site.mjs';
import { startSubpathServer, type SubpathServer } from './support/subpath.mjs';
import { openLesson, text } from './lessons/helpers';

const PREFIX = '/glassbox/';

let server: SubpathServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  server = await startSubpathServer(PREFIX);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  watchPage(page, { requests, errors });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`the built site under ${PREFIX}`, () => {
  it('the server itself refuses paths outside the prefix', async () => {
    const root = await fetch(`${server.origin}/index.html`);
    expect(root.status).toBe(404);
    expect(server.outside.splice(0)).toEqual(['/index.html']);
    const bare = await fetch(`${server.origin}/glassbox`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe(PREFIX);
  });

  it('digit page: a drawn MNIST 7 is answered 7', async () => {
    await openSite(page, server.url);
    expect(page.url()).toBe(`${server.origin}${PREFIX}`);
    await drawDigit(page, page.getByTestId('draw-canvas'), readMnistImages(MNIST_TEST_IMAGES, 1)[0]!);
    await afterFrames(page);
    expect(((await page.getByTestId('top-answer').textContent()) ?? '').trim()).toBe('7');
    expect(await page.locator('.digits-error').isVisible()).toBe(false);
  });

  it('digit page: the training worker fetches its data under the prefix and trains', async () => {
    await page.getByTestId('train-limit').selectOption('1000');
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-start').click();
    await expect
      .poll(() => page.locator('#training').evaluate((el) => (el as HTMLElement).dataset.done ?? ''), { timeout: 120_000 })
      .toBe('1');
    expect(await page.getByTestId('train-error').isVisible()).toBe(false);
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Done after [^:]+: \d+\.\d\d% on the 10,000 test images\.$/);
  });

  it('the service worker registers with the subpath as its scope', async () => {
    const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    expect(scope).toBe(server.url);
  });

  it('playground: XOR trains until every truth-table row is right', async () => {
    await page.goto(`${server.url}playground.html?p=xor`);
    await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    await page.waitForSelector('[data-testid=diagram][data-params]');
    await page.getByTestId('speed').fill('4');
    await page.getByTestId('play').click();
    await page.waitForSelector('[data-testid=truth-table][data-correct="4"]', { timeout: 30_000 });
  });

  it('lessons: lesson 1 computes the running example with the engine', async () => {
    await openLesson(page, server.url, 1);
    expect(await text(page, 'l1-z')).toBe('1.19');
    expect(await text(page, 'l1-a')).toBe('0.767');
  });

  it('widget demo: both <glassbox-playground> elements load the engine from widget/', async () => {
    await page.goto(`${server.url}widget/widget-demo.html`);
    await page.waitForFunction(() => ['xor', 'circles'].every((id) => document.getElementById(id)?.dataset.state === 'ready'), undefined, { timeout: 60_000 });
    expect(await page.locator('#xor').getByTestId('title').textContent()).toBe('XOR · 2-2-1');
  });

  it('requested nothing outside the prefix and logged no errors', () => {
    expect(server.outside).toEqual([]);
    const foreign = requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
