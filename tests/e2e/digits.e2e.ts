// The built site in Chromium: draw real MNIST test digits with the mouse and
// check the network's answers, the preview, Clear, and that nothing is
// fetched from anywhere but the site itself.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_TEST_IMAGES,
  MNIST_TEST_LABELS,
  afterFrames,
  digitToStrokes,
  drawDigit,
  launchBrowser,
  openSite,
  watchPage,
  readMnistImages,
  readMnistLabels,
  startPreview,
  type PreviewHandle,
} from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';
import { smallestText } from './lessons/helpers';

const DIGITS = 10;
const REQUIRED_CORRECT = 9;

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
  page = await context.newPage();
  watchPage(page, { requests, errors: pageErrors });
  await openSite(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function topAnswer(p: Page): Promise<string> {
  return ((await p.getByTestId('top-answer').textContent()) ?? '').trim();
}

async function probabilities(p: Page): Promise<number[]> {
  return p.$$eval('.digits-bars .bar', (items) => items.map((item) => Number((item as HTMLElement).dataset.probability)));
}

/** Sum of the preview's pixel values: 0 means the network saw a blank input. */
async function previewInk(p: Page): Promise<number> {
  return p.getByTestId('preview').evaluate((canvas) => {
    const ctx = (canvas as HTMLCanvasElement).getContext('2d');
    if (ctx === null) return -1;
    const { data } = ctx.getImageData(0, 0, 28, 28);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i]!;
    return sum;
  });
}

/** How many inferences the page has run (the digits section counts them in data-inferences). */
async function inferenceCount(p: Page): Promise<number> {
  return Number(await p.locator('#digits').getAttribute('data-inferences'));
}

async function clear(p: Page): Promise<void> {
  await p.getByTestId('clear').click();
  await afterFrames(p);
}

describe('the digits page', () => {
  it('has the title and starts with no answer', async () => {
    expect(await page.title()).toBe('Glassbox');
    expect(await topAnswer(page)).toBe('–');
    expect(await probabilities(page)).toEqual(new Array(10).fill(0));
    expect(await page.locator('.bar.top').count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'digits: at rest, nothing drawn');
  });

  it(`reads at least ${REQUIRED_CORRECT} of the first ${DIGITS} MNIST test digits drawn with the mouse`, async () => {
    const images = readMnistImages(MNIST_TEST_IMAGES, DIGITS);
    const labels = readMnistLabels(MNIST_TEST_LABELS, DIGITS);
    const canvas = page.getByTestId('draw-canvas');
    let correct = 0;
    const started = performance.now();
    for (let i = 0; i < DIGITS; i++) {
      await clear(page);
      const t0 = performance.now();
      await drawDigit(page, canvas, images[i]!);
      await afterFrames(page);
      const answer = await topAnswer(page);
      const probs = await probabilities(page);
      const ok = answer === String(labels[i]);
      if (ok) correct++;
      const top = Math.max(...probs);
      console.log(
        `digit #${i}: label ${labels[i]}, answer ${answer} (${(top * 100).toFixed(1)}%) ${ok ? 'ok' : 'WRONG'}` +
          ` [${(performance.now() - t0).toFixed(0)} ms]`,
      );
      expect(await previewInk(page), 'the preview shows the drawing').toBeGreaterThan(0);
      expect(await page.locator('.bar.top').count()).toBe(1);
    }
    console.log(`score: ${correct}/${DIGITS} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await expectNoSeriousAxeViolations(page, 'digits: after drawing MNIST digits with the mouse');
    expect(correct).toBeGreaterThanOrEqual(REQUIRED_CORRECT);
  });

  it('updates the bars while a stroke is still being drawn', async () => {
    await clear(page);
    const box = (await page.getByTestId('draw-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 10 });
    await afterFrames(page);
    expect(await topAnswer(page)).not.toBe('–');
    const inferences = await inferenceCount(page);
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.8, { steps: 4 });
    await afterFrames(page);
    expect(await inferenceCount(page)).toBeGreaterThan(inferences);
    await page.mouse.up();
  });

  it('Clear resets the bars, the answer and the preview', async () => {
    const canvas = page.getByTestId('draw-canvas');
    await drawDigit(page, canvas, readMnistImages(MNIST_TEST_IMAGES, 1)[0]!);
    await afterFrames(page);
    expect(readMnistLabels(MNIST_TEST_LABELS, 1)[0]).toBe(7);
    expect(await topAnswer(page)).toBe('7');  // MNIST's first test digit, a 7, read as 7
    await clear(page);
    expect(await topAnswer(page)).toBe('–');
    expect(await probabilities(page)).toEqual(new Array(10).fill(0));
    expect(await page.locator('.bar.top').count()).toBe(0);
    expect(await previewInk(page)).toBe(0);
    await expectNoSeriousAxeViolations(page, 'digits: after Clear');
  });

  it('stacks on a narrow screen and draws at devicePixelRatio 2', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
    try {
      const p = await phone.newPage();
      p.on('request', (request) => requests.push(request.url()));
      await openSite(p, server.url);
      const canvas = p.getByTestId('draw-canvas');
      const pad = (await canvas.boundingBox())!;
      const bars = (await p.getByTestId('bars').boundingBox())!;
      expect(bars.y).toBeGreaterThanOrEqual(pad.y + pad.height);
      expect(pad.x + pad.width).toBeLessThanOrEqual(390);
      // The backing store covers the content box: the border box less the 2 px border on each side.
      expect(await canvas.evaluate((c) => (c as HTMLCanvasElement).width)).toBe(Math.round((pad.width - 4) * 2));
      const [image] = readMnistImages(MNIST_TEST_IMAGES, 1);
      const [label] = readMnistLabels(MNIST_TEST_LABELS, 1);
      await drawDigit(p, canvas, image!);
      await afterFrames(p);
      expect(await topAnswer(p)).toBe(String(label));

      // A finger: real touch events (touch-action: none keeps the page from scrolling instead).
      await clear(p);
      const cdp = await phone.newCDPSession(p);
      const x = pad.x + pad.width / 2;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: pad.y + pad.height * 0.2 }] });
      for (let t = 1; t <= 10; t++) {
        const y = pad.y + pad.height * (0.2 + 0.06 * t);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await afterFrames(p);
      expect(await previewInk(p)).toBeGreaterThan(0);
      expect(await topAnswer(p)).toBe('1');
      expect(await p.evaluate(() => window.scrollY)).toBe(0);
      await expectNoSeriousAxeViolations(p, 'digits: phone 390×844, after a finger drew a 1');
    } finally {
      await phone.close();
    }
  });

  it('puts ink exactly under the pointer, up to the edges', async () => {
    await clear(page);
    const canvas = page.getByTestId('draw-canvas');
    const box = (await canvas.boundingBox())!;
    const border = 2;
    const content = box.width - 2 * border;
    // Taps 10 px inside the content box's bottom-right and top-left corners.
    for (const at of [content - 10, 10]) {
      await clear(page);
      await page.mouse.click(box.x + border + at, box.y + border + at);
      await afterFrames(page);
      // Centre of the white dot in backing-store pixels, scaled back to CSS pixels.
      const centre = await canvas.evaluate((c) => {
        const el = c as HTMLCanvasElement;
        const { data, width, height } = el.getContext('2d')!.getImageData(0, 0, el.width, el.height);
        let mass = 0, sx = 0, sy = 0;
        for (let y = 0; y < height; y++)
          for (let x = 0; x < width; x++) {
            const v = data[(y * width + x) * 4]!;
            mass += v, sx += v * (x + 0.5), sy += v * (y + 0.5);
          }
        const scale = el.getBoundingClientRect().width - 4;
        return { x: (sx / mass) * (scale / width), y: (sy / mass) * (scale / height), width };
      });
      expect(centre.width).toBe(Math.round(content));
      // Within a quarter pixel (the mouse position is whole CSS pixels plus anti-aliasing).
      expect(Math.abs(centre.x - at)).toBeLessThan(0.25);
      expect(Math.abs(centre.y - at)).toBeLessThan(0.25);
    }
  });

  it('evens the stroke width: a small and a large drawing reach the network alike', async () => {
    const canvas = page.getByTestId('draw-canvas');
    const even = page.getByTestId('even-stroke');
    const box = (await canvas.boundingBox())!;
    const count = 10;
    const images = readMnistImages(MNIST_TEST_IMAGES, count);
    const labels = readMnistLabels(MNIST_TEST_LABELS, count);
    const pen = 0.07 * (box.width - 4);
    // Draws image i scaled into `fraction` of the canvas, at its middle, with the page's real pen.
    async function drawAt(i: number, fraction: number): Promise<void> {
      const side = (box.width - 4) * fraction;
      const offset = 2 + ((box.width - 4) - side) / 2;
      for (const { from, to } of digitToStrokes(images[i]!, side, { penFraction: pen / side })) {
        await page.mouse.move(box.x + offset + from.x, box.y + offset + from.y);
        await page.mouse.down();
        await page.mouse.move(box.x + offset + to.x, box.y + offset + to.y, { steps: 1 });
        await page.mouse.up();
      }
      await afterFrames(page);
    }
    // Each drawing is read twice: with the even pen and, after unticking the
    // box (the page repaints the same strokes), with the fixed one.
    const results: Record<string, { correct: number; ink: number }> = {};
    const tally = (key: string, ok: boolean, ink: number): void => {
      const r = (results[key] ??= { correct: 0, ink: 0 });
      r.correct += ok ? 1 : 0;
      r.ink += ink / count;
    };
    for (const fraction of [1, 0.4]) {
      for (let i = 0; i < count; i++) {
        await even.setChecked(true);
        await clear(page);
        await drawAt(i, fraction);
        for (const evenOn of [true, false]) {
          await even.setChecked(evenOn);
          await afterFrames(page);
          const key = `${evenOn ? 'even' : 'fixed pen'}, drawn in ${fraction * 100}% of the canvas`;
          tally(key, (await topAnswer(page)) === String(labels[i]), (await previewInk(page)) / 255);
        }
      }
    }
    console.log(`first ${count} MNIST test digits, drawn:`, JSON.stringify(results));
    const fixedLarge = results['fixed pen, drawn in 100% of the canvas']!;
    const evenSmall = results['even, drawn in 40% of the canvas']!;
    const fixedSmall = results['fixed pen, drawn in 40% of the canvas']!;
    // The preview's ink (sum of the 784 inputs): with the even pen a small drawing reaches the
    // network within 15% of a full-size drawing with the page's pen (one run, 2026-12-01: 0.97);
    // with the fixed pen it is much heavier (1.40).
    expect(evenSmall.ink / fixedLarge.ink).toBeGreaterThan(0.85);
    expect(evenSmall.ink / fixedLarge.ink).toBeLessThan(1.15);
    expect(fixedSmall.ink / fixedLarge.ink).toBeGreaterThan(1.3);
    // The default CNN, trained on rescanned broad-pen digits, reads the heavy strokes too
    // (one run, 2026-12-01: fixed pen 10/10, even pen 9/10 at 40% size), so the even pen's
    // case rests on the ink above; it must still read as many as the page's own test asks.
    expect(evenSmall.correct).toBeGreaterThanOrEqual(9);
    expect(fixedSmall.correct).toBeGreaterThanOrEqual(9);
    await even.setChecked(true);
  }, 400_000);

  it.each([
    ['the model', '**/models/mnist-cnn.safetensors', /digit model.*HTTP 404/],
    ['the engine', '**/*.wasm', /engine failed to load/],
  ])('shows a visible error when %s cannot be downloaded', async (_, pattern, message) => {
    const broken = await browser.newContext();
    try {
      const p = await broken.newPage();
      await p.route(pattern, (route) => route.fulfill({ status: 404, body: 'not here' }));
      await p.goto(server.url);
      await p.waitForFunction(() => document.body.dataset.state !== 'loading');
      expect(await p.evaluate(() => document.body.dataset.state)).toBe('error');
      const status = p.locator('#status');
      expect(await status.isVisible()).toBe(true);
      expect(await status.getAttribute('role')).toBe('alert');
      expect(await status.textContent()).toMatch(message);
    } finally {
      await broken.close();
    }
  });

  it('text is at least 14 px, and at least 18 px in presentation mode', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const small = await smallestText(page);
    expect(small.size, small.sample).toBeGreaterThanOrEqual(14);
    await page.getByTestId('presentation-toggle').check();
    const presenting = await smallestText(page);
    expect(presenting.size, presenting.sample).toBeGreaterThanOrEqual(18);
    await page.getByTestId('presentation-toggle').uncheck();
  });

  it('made no request outside its own origin and logged no errors', () => {
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
    expect(requests.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
