// <glassbox-playground> in Chromium, on web/dist/widget/widget-demo.html: two
// widgets with different attributes, their goals checked by the engine's
// numbers, no CSS crossing the shadow boundary either way, and the engine
// objects disposed when a widget is removed.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';

let server: PreviewHandle;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  watchPage(page, { errors });
  await page.goto(`${server.url}widget/widget-demo.html`);
  await page.waitForFunction(() => ['xor', 'circles'].every((id) => document.getElementById(id)?.dataset.state === 'ready'), undefined, { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Playwright's locators pierce open shadow roots. */
const widget = (id: string): Locator => page.locator(`#${id}`);
const text = async (id: string, testId: string): Promise<string> => ((await widget(id).getByTestId(testId).textContent()) ?? '').trim();
const controls = (id: string): Promise<(string | null)[]> =>
  widget(id).getByTestId('controls').locator('button, input').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

describe('<glassbox-playground>', () => {
  it('shows each widget\'s problem, architecture, goal and only the controls asked for', async () => {
    expect(await text('xor', 'title')).toBe('XOR · 2-2-1');
    expect(await text('xor', 'goal')).toBe('Goal: reach test accuracy ≥ 100%.');
    expect(await controls('xor')).toEqual(['play', 'step', 'reset']);
    expect(await text('circles', 'title')).toBe('Circles · 2-8-8-2');
    expect(await text('circles', 'goal')).toBe('Goal: reach training loss < 0.05.');
    expect(await controls('circles')).toEqual(['play', 'speed', 'learning-rate']);
    expect(await widget('xor').getByTestId('run-status').textContent()).toBe('epoch 0 · training loss 0.2542 · test accuracy 50%');
    expect(await widget('xor').getByTestId('goal-reached').isVisible()).toBe(false);
    // The engine drew the network: 2 + 2 + 1 neurons.
    expect(await widget('xor').locator('circle.pg-neuron').count()).toBe(5);
    await expectNoSeriousAxeViolations(page, 'widget demo: both widgets ready');
  });

  it('keeps the page\'s CSS out and its own CSS in', async () => {
    const styles = await page.evaluate(() => {
      const xor = document.getElementById('xor')!.shadowRoot!;
      const color = (e: Element | null) => (e === null ? 'missing' : getComputedStyle(e).color);
      const font = (e: Element | null) => (e === null ? 'missing' : getComputedStyle(e).fontFamily);
      return {
        title: color(xor.querySelector('.gb-title')),
        status: color(xor.querySelector('.pg-status')),
        button: getComputedStyle(xor.querySelector('[data-testid=play]')!).backgroundColor,
        font: font(xor.querySelector('.pg-status')),
        intro: color(document.getElementById('intro')),
        introFont: font(document.getElementById('intro')),
        introSize: getComputedStyle(document.getElementById('intro')!).fontSize,
        h2: color(document.querySelector('h2')),
        sheets: document.styleSheets.length,
        headStyles: document.head.querySelectorAll('style, link[rel=stylesheet]').length,
      };
    });
    // Inside: the widget's own colours (accent, text, primary button), not the page's red and hot pink.
    expect(styles.title).toBe('rgb(255, 200, 61)');
    expect(styles.status).toBe('rgb(243, 245, 247)');
    expect(styles.button).toBe('rgb(255, 200, 61)');
    expect(styles.font).toMatch(/monospace/);
    // Outside: the page's own styles, untouched, and no stylesheet added to the document.
    expect(styles.intro).toBe('rgb(255, 0, 0)');
    expect(styles.introFont).toBe('Georgia, serif');
    expect(styles.introSize).toBe('20px');
    expect(styles.h2).toBe('rgb(255, 0, 0)');
    expect(styles.sheets).toBe(1);
    expect(styles.headStyles).toBe(1);
  });

  it('XOR: Play trains until the engine\'s test accuracy reaches the goal, then says so', async () => {
    const reached = page.evaluate(() => new Promise((done) => document.getElementById('xor')!.addEventListener('goal-reached', (e) => done((e as CustomEvent).detail), { once: true })));
    await widget('xor').getByTestId('play').click();
    await page.waitForFunction(() => document.getElementById('xor')?.dataset.state === 'reached', undefined, { timeout: 60_000 });
    const detail = (await reached) as { metric: string; value: number; epoch: number };
    console.log('xor goal', detail);
    expect(detail.metric).toBe('accuracy');
    expect(detail.value).toBe(1);
    expect(await text('xor', 'goal-reached')).toBe(`Goal reached: test accuracy 100% at epoch ${detail.epoch}.`);
    expect(await widget('xor').locator('[data-testid=truth-table]').getAttribute('data-correct')).toBe('4');
    expect(await text('xor', 'play')).toBe('Play');
    // The other widget did not move.
    expect(await widget('circles').getByTestId('run-status').getAttribute('data-epoch')).toBe('0');
  });

  it('Circles: the learning rate restarts the run; Play reaches the loss goal', async () => {
    await widget('circles').getByTestId('learning-rate').fill('0.05');
    await widget('circles').getByTestId('learning-rate').dispatchEvent('change');
    await widget('circles').getByTestId('play').click();
    await page.waitForFunction(() => document.getElementById('circles')?.dataset.state === 'reached', undefined, { timeout: 90_000 });
    const message = await text('circles', 'goal-reached');
    console.log('circles', message);
    expect(message).toMatch(/^Goal reached: training loss 0\.0[0-4]\d* at epoch \d+\.$/);
    await expectNoSeriousAxeViolations(page, 'widget demo: both goals reached');
  });

  it('disposes its session and network when removed, and starts fresh when put back', async () => {
    const result = await page.evaluate(() => {
      type Owned = { disposed: boolean };
      const el = document.getElementById('xor') as HTMLElement & { engineObjects: Owned[] };
      const owned = el.engineObjects;
      const before = owned.map((o) => o.disposed);
      const parent = el.parentElement!;
      el.remove();
      const after = owned.map((o) => o.disposed);
      const left = el.engineObjects.length;
      parent.append(el);
      return { count: owned.length, before, after, left };
    });
    expect(result).toEqual({ count: 2, before: [false, false], after: [true, true], left: 0 });
    await page.waitForFunction(() => document.getElementById('xor')?.dataset.state === 'ready', undefined, { timeout: 30_000 });
    expect(await widget('xor').getByTestId('run-status').getAttribute('data-epoch')).toBe('0');
    expect(await page.evaluate(() => (document.getElementById('xor') as HTMLElement & { engineObjects: { disposed: boolean }[] }).engineObjects.map((o) => o.disposed))).toEqual([false, false]);
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
