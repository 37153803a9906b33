// Access for every student (issue 12, part 5), in Chromium: drawing from the
// keyboard, "Load a test digit", the answer announced through aria-live, the
// 3D view's neurons and the playground's weights by roving tabindex, arrow
// keys only where the focused widget owns them, reduced motion, 44 px touch
// targets, no sideways scrolling at 360 px, one-finger page scrolling over the
// 3D view, and axe-core at each of these states.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';
import { afterFrames, launchBrowser, openSite, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  page = await context.newPage();
  watchPage(page, { errors });
  await openSite(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Presses Tab until `selector` matches the focused element (deep: inside shadow roots too); fails after `limit` presses. */
async function tabTo(p: Page, selector: string, limit = 60): Promise<number> {
  for (let n = 1; n <= limit; n++) {
    await p.keyboard.press('Tab');
    const hit = await p.evaluate((sel) => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.matches(sel) ?? false;
    }, selector);
    if (hit) return n;
  }
  throw new Error(`Tab never reached ${selector} in ${limit} presses`);
}

const topAnswer = (p: Page) => p.getByTestId('top-answer').textContent();
const announcement = (p: Page) => p.getByTestId('answer-announcement').textContent();
const inferences = (p: Page) => p.locator('#digits').evaluate((el) => Number((el as HTMLElement).dataset.inferences ?? 0));

describe('the digit page without a pointer', () => {
  it('draws with the keyboard pen on the focused canvas, and the answer is announced', async () => {
    await page.getByTestId('clear').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('body').focus();
    expect(await announcement(page)).toBe('');
    await tabTo(page, '[data-testid=draw-canvas]');
    expect(await page.getByTestId('pen-ring').isVisible()).toBe(true);
    expect(await page.getByTestId('pen-help').textContent()).toContain('Pen up at 50% across, 50% down.');
    const scroll = await page.evaluate(() => window.scrollY);
    const before = await inferences(page);
    // A "1": pen to the top, down, eight steps down, up.
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    expect(await page.getByTestId('draw-canvas').getAttribute('data-pen')).toBe('down');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await page.getByTestId('draw-canvas').getAttribute('data-pen')).toBe('up');
    // The canvas owns the arrow keys: the page did not scroll.
    expect(await page.evaluate(() => window.scrollY)).toBe(scroll);
    await afterFrames(page);
    expect(await inferences(page)).toBeGreaterThan(before);
    const answer = (await topAnswer(page))!;
    expect(answer).toMatch(/^\d$/);
    // The spoken answer follows once the drawing rests, and names the same digit as the bars.
    await expect.poll(() => announcement(page), { timeout: 5_000 }).toMatch(new RegExp(`^The network says ${answer}, with probability \\d{1,3}\\.\\d%\\.$`));
    const bar = await page.getByTestId(`bar-${answer}`).locator('.bar-value').textContent();
    expect(await announcement(page)).toBe(`The network says ${answer}, with probability ${bar}.`);
    // The visible answer changes every frame while drawing: it is not the live region.
    expect(await page.getByTestId('top-answer').getAttribute('aria-live')).toBe('off');
    await expectNoSeriousAxeViolations(page, 'digits: after drawing with the keyboard');
  });

  it('loads MNIST test digits as strokes, and the network reads them', async () => {
    await page.getByTestId('load-test-digit').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('test-digit-note').textContent(), { timeout: 30_000 })
      .toBe('MNIST test image #0, labelled 7. Press again for the next one.');
    await afterFrames(page);
    // The first test image is a 7 (its label, from the file); the default model (the CNN) reads it so.
    expect(await topAnswer(page)).toBe('7');
    await expect.poll(() => announcement(page), { timeout: 5_000 }).toMatch(/^The network says 7, with probability \d{1,3}\.\d%\.$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('test-digit-note').textContent()).toBe('MNIST test image #1, labelled 2. Press again for the next one.');
    await afterFrames(page);
    expect(await topAnswer(page)).toBe('2');
    await expect.poll(() => announcement(page), { timeout: 5_000 }).toMatch(/^The network says 2, /);
    await expectNoSeriousAxeViolations(page, 'digits: after loading a test digit');
  });

  it('reaches the 3D view\'s neurons with Tab, moves with the arrows, and Enter shows what a click shows', async () => {
    await page.getByTestId('model-picker').selectOption('mlp');
    await page.waitForFunction(() => document.querySelector('#digits')?.getAttribute('data-model') === 'mlp');
    await page.getByTestId('reset-camera').focus();
    await tabTo(page, '[data-testid=neuron-key]', 5);
    const focused = () => page.evaluate(() => {
      const b = document.activeElement as HTMLElement;
      return { stage: b.dataset.stage, index: b.dataset.index, name: b.textContent };
    });
    expect(await focused()).toEqual({ stage: '1', index: '0', name: 'Hidden 1, 128: neuron 0 (1 of 128)' });
    // The ring sits on the neuron, where a click would pick it.
    const ring = (await page.getByTestId('neuron-focus-ring').boundingBox())!;
    const at = await page.evaluate(() => window.__glassbox!.view!.neuronScreenPosition(1, 0)!);
    expect(Math.abs(ring.x + ring.width / 2 - at.x)).toBeLessThan(1.5);
    expect(Math.abs(ring.y + ring.height / 2 - at.y)).toBeLessThan(1.5);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatchObject({ stage: '1', index: '2' });
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('neuron-panel');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.getAttribute('data-neuron')).toBe('Hidden 1 · neuron 2');
    const byKey = await panel.locator('dl').textContent();
    expect((await page.evaluate(() => window.__glassbox!.view!.selection()))).toMatchObject({ stage: 1, index: 2 });
    await expectNoSeriousAxeViolations(page, 'digits: neuron panel opened by keyboard');
    // → moves to the next layer at the same relative place; Space opens it too.
    await page.getByTestId('neuron-key').nth(2).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatchObject({ stage: '2', index: '1' });
    await page.keyboard.press(' ');
    await expect.poll(() => panel.getAttribute('data-neuron')).toBe('Hidden 2 · neuron 1');
    // A click on neuron 2 of the first layer shows the same details Enter did.
    await page.getByTestId('neuron-panel-close').click();
    const { x, y } = await page.evaluate(() => window.__glassbox!.view!.neuronScreenPosition(1, 2)!);
    await page.mouse.click(x, y);
    await expect.poll(() => panel.getAttribute('data-neuron')).toBe('Hidden 1 · neuron 2');
    expect(await panel.locator('dl').textContent()).toBe(byKey);
    await page.getByTestId('neuron-panel-close').click();
  });
});

describe('the playground from the keyboard', () => {
  let pg: Page;
  beforeAll(async () => {
    pg = await context.newPage();
    watchPage(pg, { errors });
    await pg.goto(`${server.url}playground.html?p=xor&seed=3`);
    await pg.waitForSelector('[data-testid=diagram][data-params]', { timeout: 60_000 });
  });

  it('ArrowRight on Play does not move the backprop step-through; in its panel it does', async () => {
    const panel = pg.getByTestId('backprop');
    expect(await panel.getAttribute('data-stage')).toBe('0');
    await pg.getByTestId('play').focus();
    await pg.keyboard.press('ArrowRight');
    await pg.keyboard.press('ArrowRight');
    expect(await panel.getAttribute('data-stage')).toBe('0');
    await pg.getByTestId('bp-next').focus();
    await pg.keyboard.press('ArrowRight');
    expect(await panel.getAttribute('data-stage')).toBe('1');
    await panel.focus();
    for (let i = 0; i < 3; i++) await pg.keyboard.press('ArrowRight');
    expect(await panel.getAttribute('data-stage')).toBe('4');
  });

  it('reaches the weights with Tab: focus shows the value, arrows move, Enter follows its gradient', async () => {
    await pg.getByTestId('copy-link').focus();
    await tabTo(pg, 'line.pg-weight');
    const tip = pg.getByTestId('diagram-tip');
    const params = (await pg.getByTestId('diagram').getAttribute('data-params'))!.split(' ').map(Number);
    // W1 is 2×2 row-major (from, to): data-params starts with w1[0→0], w1[0→1].
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe(`w1[0→0] = ${params[0]!.toFixed(6)}  (Enter: explain its gradient)`);
    await pg.keyboard.press('ArrowDown');
    expect(await tip.textContent()).toBe(`w1[0→1] = ${params[1]!.toFixed(6)}  (Enter: explain its gradient)`);
    expect(await pg.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`w1[0→1] = ${params[1]!.toFixed(6)}. Arrow keys: other weights. Enter: explain its gradient`);
    // Only one weight is in the Tab order at a time.
    expect(await pg.locator('line[tabindex]').count()).toBe(1);
    // The diagram owns the arrows while a weight has the focus: the step-through stays put.
    expect(await pg.getByTestId('backprop').getAttribute('data-stage')).toBe('4');
    await pg.keyboard.press('Enter');
    expect(await pg.getByTestId('bp-chain').textContent()).toMatch(/^Selected w1\[0→1\]: ∂L\/∂w = a⁽in⁾0 · δ1 = /);
    await pg.keyboard.press('ArrowRight');
    expect(await pg.evaluate(() => (document.activeElement as SVGElement).dataset.dense)).toBe('1');
    await pg.keyboard.press('Enter');
    expect(await pg.getByTestId('bp-body').textContent()).toContain('The selected weight w2[0→0] is in layer 2.');
    await expectNoSeriousAxeViolations(pg, 'playground: weight focused by keyboard');
  });

  it('adds a data point typed as x and y, and rejects one that is not a number', async () => {
    const samples = () => pg.locator('#pg-owndata').evaluate((el) => Number((el as HTMLElement).dataset.samples));
    const before = await samples();
    await pg.getByTestId('point-class').selectOption('1');
    await pg.getByTestId('point-x').fill('0.5');
    await pg.getByTestId('point-y').fill('-0.25');
    await pg.getByTestId('point-add').focus();
    await pg.keyboard.press('Enter');
    await expect.poll(samples).toBe(before + 1);
    expect(await pg.getByTestId('csv-message').textContent()).toBe('Added a class-1 point at (0.50, -0.25).');
    await pg.getByTestId('point-x').fill('');
    await pg.getByTestId('point-add').click();
    expect(await pg.getByTestId('csv-message').textContent()).toBe('Rejected: x and y must both be numbers.');
    expect(await samples()).toBe(before + 1);
  });
});

describe('motion, touch and narrow screens', () => {
  it('turns transitions and the 3D view\'s inertia off with prefers-reduced-motion', async () => {
    const probe = (p: Page) => p.evaluate(() => {
      const div = document.createElement('div');
      div.style.transition = 'opacity 2s';
      document.body.append(div);
      const duration = getComputedStyle(div).transitionDuration;
      div.remove();
      return { duration, inertia: window.__glassbox!.view!.inertia() };
    });
    expect(await probe(page)).toEqual({ duration: '2s', inertia: true });
    const reduced = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', serviceWorkers: 'block' });
    try {
      const p = await reduced.newPage();
      watchPage(p, { errors });
      await openSite(p, server.url);
      expect(await probe(p)).toEqual({ duration: '0s', inertia: false });
      // The preference can change while the page is open.
      await p.emulateMedia({ reducedMotion: 'no-preference' });
      await expect.poll(() => probe(p)).toEqual({ duration: '2s', inertia: true });
    } finally {
      await reduced.close();
    }
  });

  const PAGES = [
    ['digits', ''],
    ['playground', 'playground.html?p=spirals&h=8,8,8'],
    ['lessons', 'lessons.html#1'],
    ['lesson 6', 'lessons.html#6'],
    ['widget demo', 'widget/widget-demo.html'],
  ] as const;

  async function ready(p: Page, path: string): Promise<void> {
    await p.goto(`${server.url}${path}`);
    if (path.startsWith('widget/')) {
      await p.waitForFunction(() => ['xor', 'circles'].every((id) => document.getElementById(id)?.dataset.state === 'ready'), undefined, { timeout: 60_000 });
    } else {
      await p.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 60_000 });
    }
    await afterFrames(p);
  }

  it('has no horizontal overflow at 360 × 740 on any page, with a mouse or a finger', async () => {
    const widths: Record<string, number> = {};
    for (const touch of [false, true]) {
      const narrow = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: touch, isMobile: touch, serviceWorkers: 'block' });
      try {
        const p = await narrow.newPage();
        watchPage(p, { errors });
        for (const [name, path] of PAGES) {
          await ready(p, path);
          widths[`${name}${touch ? ' (touch)' : ''}`] = await p.evaluate(() => document.scrollingElement!.scrollWidth);
        }
      } finally {
        await narrow.close();
      }
    }
    console.log(`a11y: scrollWidth at 360 px: ${JSON.stringify(widths)}`);
    for (const [name, width] of Object.entries(widths)) expect(width, name).toBeLessThanOrEqual(360);
  });

  it('makes every control at least 44 × 44 px on a touch screen (390 × 844)', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, serviceWorkers: 'block' });
    try {
      const p = await phone.newPage();
      watchPage(p, { errors });
      for (const [name, path] of PAGES) {
        await ready(p, path);
        // Every visible control, in the page and in open shadow roots; a checkbox's target is its label.
        const small = await p.evaluate(() => {
          const roots: (Document | ShadowRoot)[] = [document];
          for (const host of document.querySelectorAll('*')) if (host.shadowRoot) roots.push(host.shadowRoot);
          const out: string[] = [];
          let checked = 0;
          for (const root of roots) {
            for (const el of root.querySelectorAll<HTMLElement>('button, select, textarea, input, summary, .page-nav a')) {
              if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden' || el.closest('.view3d-keys')) continue;
              const isBox = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
              const target = isBox ? el.closest('label') ?? el : el;
              const r = target.getBoundingClientRect();
              checked++;
              const needWidth = isBox ? 44 : 44;
              if (r.height < 43.5 || r.width < needWidth - 0.5) out.push(`${target.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.className}] ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
            }
          }
          return { out, checked };
        });
        expect(small.checked, name).toBeGreaterThan(2);
        expect(small.out, name).toEqual([]);
      }
      // The same page with a mouse keeps its compact controls (the rule is for coarse pointers only).
      const desk = await page.getByTestId('clear').boundingBox();
      expect(desk!.height).toBeLessThan(44);
    } finally {
      await phone.close();
    }
  });

  it('lets one finger scroll the page over the 3D view; a sideways drag or the toggle orbits it', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, serviceWorkers: 'block' });
    try {
      const p = await phone.newPage();
      watchPage(p, { errors });
      await openSite(p, server.url);
      await p.getByTestId('model-picker').selectOption('mlp');
      // The switch refits the camera: wait for it, or the "before" camera is the CNN's.
      await p.waitForFunction(() => document.querySelector('#digits')?.getAttribute('data-model') === 'mlp');
      await afterFrames(p);
      const viewport = p.getByTestId('view3d');
      await viewport.scrollIntoViewIfNeeded();
      await p.evaluate(() => window.scrollBy(0, -100));
      const cdp = await phone.newCDPSession(p);
      const camera = () => p.evaluate(() => window.__glassbox!.view!.camera().position);
      const scrollY = () => p.evaluate(() => window.scrollY);
      /** One finger from the view's centre, moved by (dx, dy) in ten steps (Chromium's own touch input: the browser decides what scrolls). */
      async function swipe(dx: number, dy: number): Promise<void> {
        const box = (await viewport.boundingBox())!;
        const x = box.x + box.width / 2, y = box.y + box.height / 2;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
        for (let t = 1; t <= 10; t++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + (dx * t) / 10, y: y + (dy * t) / 10 }] });
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await p.waitForTimeout(400);
      }
      expect(await p.evaluate(() => getComputedStyle(document.querySelector('.view3d-canvas')!).touchAction)).toBe('pan-y');
      // Up the screen: the page scrolls on, the network stays where it was.
      let scroll = await scrollY(), cam = await camera();
      await swipe(0, -150);
      expect(await scrollY()).toBeGreaterThan(scroll + 100);
      expect(await camera()).toEqual(cam);
      // Sideways: the view orbits, the page stays.
      scroll = await scrollY();
      cam = await camera();
      await swipe(-120, 0);
      expect(await scrollY()).toBe(scroll);
      expect(await camera()).not.toEqual(cam);
      // "One-finger orbit": every direction orbits, nothing scrolls.
      await p.getByTestId('one-finger-orbit').tap();
      expect(await p.getByTestId('one-finger-orbit').getAttribute('aria-pressed')).toBe('true');
      expect(await p.evaluate(() => getComputedStyle(document.querySelector('.view3d-canvas')!).touchAction)).toBe('none');
      scroll = await scrollY();
      cam = await camera();
      await swipe(0, -150);
      expect(await scrollY()).toBe(scroll);
      expect(await camera()).not.toEqual(cam);
      await expectNoSeriousAxeViolations(p, 'digits: phone, touch, one-finger orbit on');
    } finally {
      await phone.close();
    }
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
