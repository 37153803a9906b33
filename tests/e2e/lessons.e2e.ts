// The lessons in Chromium against the built site: every widget answers input
// with the engine's numbers, each check-your-answer accepts a right answer and
// rejects a wrong one, glossary terms explain themselves on keyboard focus,
// progress survives a reload, and the pages fit a projector and a phone.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSite, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';
import { horizontalOverflow, openLesson, setSlider, smallestText, text } from './lessons/helpers';

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  watchPage(page, { errors });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('lesson 1: a single neuron', () => {
  it('writes out the weighted sum of the running example with the engine\'s numbers', async () => {
    await openLesson(page, server.url, 1);
    expect(await page.getByTestId('l1-product').allTextContents()).toEqual(['0.40', '0.42', '0.27']);
    expect(await text(page, 'l1-z')).toBe('1.19');
    expect(await text(page, 'l1-a')).toBe('0.767');
    expect(await text(page, 'l1-verdict')).toBe('77% sure: go running.');
    expect(await page.getByTestId('l1-sigmoid').getAttribute('data-point-y')).toMatch(/^0\.766/);
  });

  it('answers the sliders: a lower bias moves z and the point on the sigmoid', async () => {
    await setSlider(page, 'l1-b', -3);
    expect(await text(page, 'l1-b-value')).toBe('−3.0');
    expect(await text(page, 'l1-z')).toBe('−1.91');
    expect(await text(page, 'l1-a')).toBe('0.129');
    expect(await text(page, 'l1-verdict')).toBe('Only 13% sure: stay home.');
    expect(Number(await page.getByTestId('l1-sigmoid').getAttribute('data-point-x'))).toBeCloseTo(-1.91, 5);
    await setSlider(page, 'l1-x1', 0);
    expect(await page.getByTestId('l1-product').allTextContents()).toEqual(['0.00', '0.42', '0.27']);
    await setSlider(page, 'l1-x1', 0.8);
  });

  it('the bias task rejects a neuron that still says yes and accepts one that says no', async () => {
    await setSlider(page, 'l1-b', 0.1);
    await page.getByTestId('check-l1-no').click();
    expect(await text(page, 'feedback-l1-no')).toBe('Not yet: σ(z) = 0.767 is still 0.5 or more. z must be negative; how low must b go?');
    await setSlider(page, 'l1-b', -3);
    await page.getByTestId('check-l1-no').click();
    expect(await text(page, 'feedback-l1-no')).toBe('Right: with b = −3.0, z = −1.91 is negative, so σ(z) = 0.129 is below 0.5.');
    await expectNoSeriousAxeViolations(page, 'lessons: lesson 1, task rejected then accepted');
  });

  it('keeps progress in localStorage across a reload', async () => {
    await page.reload();
    await openLesson(page, server.url, 1);
    expect(await page.getByTestId('nav-1').getAttribute('data-done')).toBe('true');
    const stored = await page.evaluate(() => localStorage.getItem('glassbox.lessons.progress.v1'));
    expect(JSON.parse(stored ?? '[]')).toContain('l1-no');
  });
});

describe('glossary', () => {
  it('shows a term\'s definition when the term gets keyboard focus, and hides it on blur', async () => {
    await openLesson(page, server.url, 1);
    const z = page.locator('#lesson .term[data-term="z"]').first();
    await z.focus();
    const tip = page.getByTestId('glossary-tip');
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe('z The weighted sum before the activation: z = w₁x₁ + w₂x₂ + … + b.');
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
  });

  it('shows it on hover too', async () => {
    await page.locator('#lesson .term[data-term="sigmoid"]').first().hover();
    expect(await page.getByTestId('glossary-tip').textContent()).toBe('sigmoid The activation σ(z) = 1 / (1 + e^(−z)): squashes any number into (0, 1). σ(0) = 0.5.');
  });
});

describe('layout', () => {
  for (const [width, height] of [[1280, 720], [390, 844]] as const) {
    it(`every lesson fits ${width}×${height} without horizontal scroll, text ≥ 14 px (≥ 18 px presenting)`, async () => {
      await page.setViewportSize({ width, height });
      const ids = await page.evaluate(() => Array.from(document.querySelectorAll('#lesson-nav a')).map((a) => Number(a.getAttribute('href')!.slice(1))));
      for (const id of ids) {
        await openLesson(page, server.url, id);
        expect({ id, overflow: await horizontalOverflow(page) }).toEqual({ id, overflow: 0 });
        expect((await smallestText(page)).size, `lesson ${id}`).toBeGreaterThanOrEqual(14);
        if (width === 1280) await expectNoSeriousAxeViolations(page, `lessons: lesson ${id}, opened`);
      }
      await page.getByTestId('presentation-toggle').check();
      expect((await smallestText(page)).size).toBeGreaterThanOrEqual(18);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByTestId('presentation-toggle').uncheck();
    });
  }

  for (const [width, height] of [[1280, 720], [390, 844]] as const) {
    it(`digit page at ${width}×${height}: while drawing, canvas, answer, all 10 bars and the preview are in the viewport`, async () => {
      await page.setViewportSize({ width, height });
      await openSite(page, server.url);
      const canvas = page.getByTestId('draw-canvas');
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 8 });
      const parts = {
        canvas: canvas,
        answer: page.getByTestId('top-answer'),
        firstBar: page.locator('.digits-bars .bar').first(),
        lastBar: page.locator('.digits-bars .bar').last(),
        preview: page.getByTestId('preview'),
      };
      const outside: string[] = [];
      for (const [name, locator] of Object.entries(parts)) {
        const b = (await locator.boundingBox())!;
        if (b.y < 0 || b.x < 0 || b.y + b.height > height || b.x + b.width > width) outside.push(`${name} at y=${b.y}..${b.y + b.height}`);
      }
      await page.mouse.up();
      expect(outside).toEqual([]);
      expect(await page.locator('.digits-bars .bar').count()).toBe(10);
      expect(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']).toContain(await text(page, 'top-answer'));
      expect(await horizontalOverflow(page)).toBe(0);
      // The drawing feature itself; the 3D view and the training panel are other features' CSS.
      expect(await smallestText(page, '#digits', '.digits-view')).toEqual({ size: 14, sample: expect.any(String) });
    });
  }

  it('no page errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('lesson 2: the limit of one neuron', () => {
  it('moves the boundary with the weights: the engine\'s outputs for the four points change', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openLesson(page, server.url, 2);
    expect(await page.getByTestId('l2-out').allTextContents()).toEqual(['0.378', '0.622', '0.622', '0.818']);
    expect(await page.getByTestId('l2-region').getAttribute('data-right')).toBe('2');
    await setSlider(page, 'l2-b', -1.5);
    expect(await page.getByTestId('l2-out').allTextContents()).toEqual(['0.182', '0.378', '0.378', '0.622']);
    expect(await page.getByTestId('l2-region').getAttribute('data-right')).toBe('4');
  });

  it('the AND task rejects wrong weights and accepts right ones', async () => {
    await setSlider(page, 'l2-b', 0);
    await page.getByTestId('check-l2-and').click();
    expect(await text(page, 'feedback-l2-and')).toBe('Not yet: 1 of 4 right. Only (1, 1) should be blue. Try equal weights and a bias below minus one weight.');
    await setSlider(page, 'l2-w1', 10);
    await setSlider(page, 'l2-w2', 10);
    await setSlider(page, 'l2-b', -15);
    await page.getByTestId('check-l2-and').click();
    expect(await text(page, 'feedback-l2-and')).toBe('Right: 4 of 4. Only (1, 1) is on the blue side: AND is linearly separable.');
    expect(await page.getByTestId('nav-2').getAttribute('data-done')).toBe('true');
  });

  it('the XOR task never accepts: the best a line does is 3 of 4', async () => {
    await page.getByTestId('l2-gate-xor').check();
    await setSlider(page, 'l2-w1', 10);
    await setSlider(page, 'l2-w2', 10);
    await setSlider(page, 'l2-b', -5);
    expect(await page.getByTestId('l2-out').allTextContents()).toEqual(['0.007', '0.993', '0.993', '1.000']);
    await page.getByTestId('check-l2-xor').click();
    expect(await text(page, 'feedback-l2-xor')).toBe('3 of 4 right, and no setting does better than 3: (0, 1) and (1, 0) must be blue, (0, 0) and (1, 1) orange, and no straight line splits them so. One neuron cannot compute XOR. Lesson 3 adds a layer.');
    expect(await page.getByTestId('feedback-l2-xor').getAttribute('data-ok')).toBe('false');
  });
});

describe('lesson 3: two layers solve XOR', () => {
  it('shows each hidden neuron and the output from the engine, and the c task rejects then accepts', async () => {
    await openLesson(page, server.url, 3);
    expect(await page.getByTestId('l3-y').allTextContents()).toEqual(['0.000', '1.000', '1.000', '0.000']);
    await page.locator('.ls-details summary').click();
    await setSlider(page, 'l3-p8', 0);
    expect(await page.getByTestId('l3-table').getAttribute('data-right')).toBe('2');
    await page.getByTestId('check-l3-fix').click();
    expect(await text(page, 'feedback-l3-fix')).toBe('Not yet: 2 of 4 right. The output must be 1 only when both h1 and h2 are near 1 (20 + 20 = 40 in total).');
    await setSlider(page, 'l3-p8', -25);
    await page.getByTestId('check-l3-fix').click();
    expect(await text(page, 'feedback-l3-fix')).toBe('Right: with c = −25 all four are right. The output is an AND of h1 and h2 only while c sits between −40 and −20.');
  });
});

describe('lesson 4: batches as matrices', () => {
  it('computes Z = X·W + b for all four samples, and the slider changes column 1', async () => {
    await openLesson(page, server.url, 4);
    expect(await page.getByTestId('l4-z').allTextContents()).toEqual(['−10.0', '30.0', '10.0', '10.0', '10.0', '10.0', '30.0', '−10.0']);
    await setSlider(page, 'l4-w11', 5);
    expect(await page.getByTestId('l4-z').allTextContents()).toEqual(['−10.0', '30.0', '10.0', '10.0', '−5.0', '10.0', '15.0', '−10.0']);
    await setSlider(page, 'l4-w11', 20);
    await page.getByTestId('l4-answer').fill('30');
    await page.getByTestId('check-l4-z').click();
    expect(await text(page, 'feedback-l4-z')).toBe('Not quite: row 3 of X is (1, 0); multiply it by column 1 of W, then add b₁.');
    await page.getByTestId('l4-answer').fill('10');
    await page.getByTestId('check-l4-z').click();
    expect(await text(page, 'feedback-l4-z')).toBe('Right: 1 × 20 + 0 × 20 + (−10) = 10.0, as the engine says.');
  });
});

describe('lesson 7: training', () => {
  it('trains live with a loss chart; η = 0.01 is rejected as too slow, η = 0.1 accepted; η = 1 diverges', async () => {
    await openLesson(page, server.url, 7);
    await setSlider(page, 'l7-rate', 1);
    expect(await text(page, 'l7-rate-value')).toBe('0.01');
    await page.getByTestId('l7-train').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="l7-status"]')?.getAttribute('data-done') === 'true', undefined, { timeout: 60_000 });
    expect(Number(await page.getByTestId('l7-chart').getAttribute('data-points'))).toBe(15);
    await page.getByTestId('check-l7-train').click();
    expect(await text(page, 'feedback-l7-train')).toBe('Not yet: the loss is 0.0425, above 0.001. Too small an η crawls; try a larger one.');
    await setSlider(page, 'l7-rate', 3);
    await page.getByTestId('l7-train').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="l7-status"]')?.getAttribute('data-done') === 'true', undefined, { timeout: 60_000 });
    await page.getByTestId('check-l7-train').click();
    expect(await page.getByTestId('feedback-l7-train').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('l7-diverge').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="l7-status"]')?.getAttribute('data-done') === 'diverged', undefined, { timeout: 60_000 });
    expect(await text(page, 'l7-status')).toBe('η = 1: the loss blew up. The engine says: training diverged at step 6: the loss grew from 0.4752 to 421.6 (smoothed); try a learning rate below 1');
    await expectNoSeriousAxeViolations(page, 'lessons: lesson 7, after training runs and a divergence');
  });
});

describe('lesson 8: onward', () => {
  it('links to the digit page and the playground and names the coming lessons', async () => {
    await openLesson(page, server.url, 8);
    expect(await page.getByTestId('l8-digits').getAttribute('href')).toBe('./index.html');
    expect(await page.getByTestId('l8-playground').getAttribute('href')).toBe('./playground.html');
    expect(await page.getByTestId('l8-placeholders').locator('li').count()).toBe(2);
  });
});

describe('lesson 5: loss', () => {
  it('scores random against good weights, sweeps L(v₁), and the task rejects then accepts', async () => {
    await openLesson(page, server.url, 5);
    expect(await text(page, 'l5-random-mean')).toBe('0.2620');
    expect(await text(page, 'l5-good-mean')).toBe('2.07e−9');
    expect(await text(page, 'l5-loss')).toBe('0.5000');
    await page.getByTestId('check-l5-min').click();
    expect(await text(page, 'feedback-l5-min')).toBe('Not yet: L = 0.5000. Follow the curve downhill.');
    await setSlider(page, 'l5-v1', 20);
    expect(await text(page, 'l5-loss')).toBe('2.07e−9');
    expect(await page.getByTestId('l5-curve').getAttribute('data-point-x')).toBe('20');
    await page.getByTestId('check-l5-min').click();
    expect(await text(page, 'feedback-l5-min')).toBe('Right: L = 2.07e−9 at v₁ = 20. Past about v₁ = 15 the curve is flat and low.');
  });
});

describe('lesson 6: backprop', () => {
  it('writes out the chain rule from the trace, steps downhill with the engine\'s SGD update; the task rejects then accepts', async () => {
    await openLesson(page, server.url, 6);
    expect([await text(page, 'l6-z'), await text(page, 'l6-a'), await text(page, 'l6-loss'), await text(page, 'l6-delta'), await text(page, 'l6-grad')])
      .toEqual(['0.500', '0.622', '0.3875', '0.2926', '0.2926']);
    await page.getByTestId('check-l6-sign').click();
    expect(await text(page, 'feedback-l6-sign')).toBe('Not yet: L = 0.3875. Press Step (or raise η) until L < 0.05.');
    await page.getByTestId('l6-step').click();
    expect(await text(page, 'l6-state')).toBe('w₁ = 0.707, L = 0.3043, steps taken: 1');
    await setSlider(page, 'l6-eta', 5);
    for (let i = 0; i < 10; i++) await page.getByTestId('l6-step').click();
    await page.getByTestId('check-l6-sign').click();
    expect(await page.getByTestId('feedback-l6-sign').getAttribute('data-ok')).toBe('true');
    await expectNoSeriousAxeViolations(page, 'lessons: lesson 6, after stepping downhill');
  });
});
