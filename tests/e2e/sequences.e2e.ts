// The Sequences page in Chromium: the three-way race draws three curves; at
// T = 50 on the adding problem (seed 1) the RNN stays at the baseline while
// the LSTM gets below it; the cell step-through shows the engine's numbers
// and the arrow keys move it through time; the URL state is validated; the
// layout fits a laptop and a phone; axe finds nothing serious.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSite, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';
import { horizontalOverflow } from './lessons/helpers';

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  page = await context.newPage();
  watchPage(page, { errors });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function train(timeout: number): Promise<void> {
  await page.getByTestId('sq-train').click();
  await page.waitForFunction(() => document.body.dataset.race === 'done' || document.body.dataset.race === 'error', undefined, { timeout });
  expect(await page.evaluate(() => document.body.dataset.race), await page.locator('#status').textContent() ?? '').toBe('done');
}

/** The legend's latest value of each series of a chart (uPlot shows the newest point while the pointer is away). */
function legend(testId: string): Promise<Record<string, string>> {
  return page.getByTestId(testId).evaluate((box) => Object.fromEntries(
    Array.from(box.querySelectorAll('.u-legend .u-series')).slice(1).map((s) => [s.querySelector('.u-label')?.textContent ?? '', s.querySelector('.u-value')?.textContent ?? '']),
  ));
}

describe('the Sequences page', () => {
  it('a bad URL gives a usable, clamped state', async () => {
    await openSite(page, `${server.url}sequences.html?task=nope&T=9999&seed=-5&steps=abc&cell=tree&view=q&example=900&t=0`);
    expect(await page.getByTestId('sq-task').inputValue()).toBe('count_ones');
    expect(await page.getByTestId('sq-length').inputValue()).toBe('100');
    expect(await page.getByTestId('sq-seed').inputValue()).toBe('1');
    expect(await page.getByTestId('sq-steps').inputValue()).toBe('400');
    expect(await page.getByTestId('sq-example').inputValue()).toBe('255');
    expect(await page.getByTestId('sq-cell-lstm').getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).search).toBe('?task=count_ones&T=100&seed=1&steps=400&bptt=0&cell=lstm&view=h&example=255&t=1');
    expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('./sequences.html');
  });

  it('the three-way race draws three curves, with samples/s for each cell', async () => {
    await openSite(page, `${server.url}sequences.html?task=adding&T=10&steps=100`);
    await train(60_000);
    for (const chart of ['sq-chart-loss', 'sq-chart-metric']) {
      const values = await legend(chart);
      expect(Object.keys(values)).toEqual(chart === 'sq-chart-loss' ? ['RNN', 'LSTM', 'GRU'] : ['RNN', 'LSTM', 'GRU', 'baseline']);
      for (const name of ['RNN', 'LSTM', 'GRU']) expect(Number(values[name]), `${chart} ${name}`).toBeGreaterThan(0);
    }
    for (const cell of ['rnn', 'lstm', 'gru']) {
      const card = page.getByTestId(`sq-arm-${cell}`);
      expect(await card.getByTestId('arm-step').textContent()).toBe('100');
      expect(Number((await card.getByTestId('arm-speed').textContent())!.replace(/,/g, ''))).toBeGreaterThan(100);
      // One row per evaluation (step 0, then every 25): five rows at 100 steps.
      expect(await page.getByTestId(`sq-grad-${cell}`).evaluate((c) => (c as HTMLCanvasElement).height)).toBe(5);
    }
  });

  it('at T = 50 the RNN stays at the baseline while the LSTM gets below it (adding, seed 1)', async () => {
    await page.getByTestId('sq-length').fill('50');
    expect(await page.getByTestId('sq-length-out').textContent()).toBe('50');
    await page.getByTestId('sq-steps').fill('300');
    await page.getByTestId('sq-steps').dispatchEvent('change');
    const started = Date.now();
    await train(80_000);
    const speeds = await Promise.all(['rnn', 'lstm', 'gru'].map(async (c) => `${c} ${await page.getByTestId(`sq-arm-${c}`).getByTestId('arm-speed').textContent()}`));
    const metrics = await Promise.all(['rnn', 'lstm', 'gru'].map(async (c) => `${c} ${Number(await page.getByTestId(`sq-arm-${c}`).getAttribute('data-metric')).toFixed(4)}`));
    console.log(`sequences: 300 steps × 3 cells at T = 50 took ${((Date.now() - started) / 1000).toFixed(1)} s; samples/s: ${speeds.join(', ')}; test MSE: ${metrics.join(', ')}`);
    expect(new URL(page.url()).searchParams.get('T')).toBe('50');
    const rnn = page.getByTestId('sq-arm-rnn');
    const lstm = page.getByTestId('sq-arm-lstm');
    const baseline = 1 / 24;
    expect(await rnn.getAttribute('data-standing')).toBe('at baseline');
    expect(Number(await rnn.getAttribute('data-metric'))).toBeGreaterThan(0.9 * baseline);
    expect(await lstm.getAttribute('data-standing')).not.toBe('at baseline');
    expect(Number(await lstm.getAttribute('data-metric'))).toBeLessThan(0.5 * baseline);
    expect(await page.getByTestId('sq-grad-note').getAttribute('data-rnn-at-baseline')).toBe('true');
    expect(await page.getByTestId('sq-grad-note').textContent()).toMatch(/^‖∂L\/∂h₁‖ \/ ‖∂L\/∂h_T‖ now: RNN .*At T = 50 the RNN stays at the baseline while LSTM and GRU learn/);
  });

  it('the cell step-through shows the engine\'s numbers and the arrow keys move it through time', async () => {
    const where = page.getByTestId('cell-time');
    // t stays where the T = 10 run left it (its default, T): a longer T does not move it.
    expect(await where.textContent()).toBe('LSTM at t = 10 of 50, unit 1 of 16');
    const c = await page.getByTestId('cell-c').textContent();
    expect(c).toMatch(/^c_t = f ⊙ c_\{t−1\} \+ i ⊙ g = -?\d\.\d{4} × -?\d\.\d{4} \+ -?\d\.\d{4} × -?\d\.\d{4} = -?\d\.\d{4}$/);
    expect(await page.getByTestId('cell-gate').count()).toBe(4);
    // Each gate: its pre-activation a, then σ(a) (or tanh(a)) with the same number inside.
    expect(await page.getByTestId('cell-gate').first().textContent()).toMatch(/^a_i = W_ii x_t \+ b_ii \+ W_hi h_\{t−1\} \+ b_hi = (-?\d\.\d{4});  i = σ\(a_i\) = σ\(\1\) = \d\.\d{4}$/);
    await page.getByTestId('sq-cell').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await where.textContent()).toBe('LSTM at t = 8 of 50, unit 1 of 16');
    expect(new URL(page.url()).searchParams.get('t')).toBe('8');
    expect(await page.getByTestId('cell-c').textContent()).not.toBe(c);
    expect(await page.getByTestId('cell-delta').textContent()).toMatch(/^‖∂L\/∂h_t‖ = \S+ → one step back, ‖∂L\/∂h_\{t−1\}‖ = \S+ {2}\(× \S+\)$/);
    await page.keyboard.press('ArrowRight');
    expect(await where.textContent()).toBe('LSTM at t = 9 of 50, unit 1 of 16');
    // The RNN's and the GRU's cells, and a gate in the heatmap.
    await page.getByTestId('sq-cell-gru').click();
    expect(await where.textContent()).toBe('GRU at t = 9 of 50, unit 1 of 16');
    expect(await page.getByTestId('cell-h').textContent()).toMatch(/^h_t = \(1 − z\) ⊙ n \+ z ⊙ h_\{t−1\} = /);
    await page.getByTestId('sq-view-z').click();
    expect(await page.getByTestId('sq-hidden-caption').textContent()).toMatch(/^GRU: z, the update gate, 16 units \(rows\) × 50 time steps/);
    await page.getByTestId('sq-cell-lstm').click();
    await page.getByTestId('sq-view-c').click();
    expect(await page.getByTestId('sq-hidden-caption').textContent()).toMatch(/^LSTM: c_t, the cell state/);
  });

  it('truncated BPTT reaches the engine: with chunks of 5 steps no gradient reaches h₁', async () => {
    await page.getByTestId('sq-truncate').fill('5');
    await page.getByTestId('sq-truncate').dispatchEvent('change');
    await page.getByTestId('sq-steps').fill('50');
    await page.getByTestId('sq-steps').dispatchEvent('change');
    await train(60_000);
    expect(new URL(page.url()).searchParams.get('bptt')).toBe('5');
    for (const cell of ['rnn', 'lstm', 'gru']) {
      expect(await page.getByTestId(`sq-grad-readout-${cell}`).textContent()).toMatch(/^step 50: ‖∂L\/∂h₁‖ = 0, ‖∂L\/∂h_T‖ = \d/);
    }
    await page.getByTestId('sq-truncate').fill('0');
    await page.getByTestId('sq-truncate').dispatchEvent('change');
  });

  it('fits 1280 × 720 and 390 × 844 without horizontal scrolling, and axe finds nothing serious', async () => {
    for (const [width, height] of [[1280, 720], [390, 844]] as const) {
      await page.setViewportSize({ width, height });
      expect({ width, overflow: await horizontalOverflow(page) }).toEqual({ width, overflow: 0 });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await expectNoSeriousAxeViolations(page, 'sequences (trained)');
  });

  it('has every control at least 44 × 44 px on a touch screen (390 × 844)', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, serviceWorkers: 'block' });
    try {
      const p = await phone.newPage();
      watchPage(p, { errors });
      await openSite(p, `${server.url}sequences.html?task=adding`);
      const small = await p.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('button, select, input, .page-nav a'))
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => [e.dataset.testid ?? e.textContent ?? '', e.getBoundingClientRect()] as const)
        .filter(([, r]) => r.width < 43.5 || r.height < 43.5)
        .map(([name, r]) => `${name} ${r.width.toFixed(0)}×${r.height.toFixed(0)}`));
      expect(small).toEqual([]);
      expect({ overflow: await horizontalOverflow(p) }).toEqual({ overflow: 0 });
    } finally {
      await phone.close();
    }
  });

  it('every page links here and to Attention, and the digit page\'s preview stays within 1280 × 720', async () => {
    for (const path of ['index.html', 'lessons.html#1', 'playground.html', 'lab.html', 'attention.html', 'sequences.html']) {
      await page.goto(`${server.url}${path}`);
      // Every page's nav has one link to each of the two sequence pages.
      expect(await page.locator('nav a[href="./sequences.html"]').count(), path).toBe(1);
      expect(await page.locator('nav a[href="./attention.html"]').count(), path).toBe(1);
    }
    await openSite(page, `${server.url}index.html`);
    const preview = (await page.getByTestId('preview').boundingBox())!;
    expect(preview.y + preview.height).toBeLessThanOrEqual(720);
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
