// The Lab in Chromium: the index lists every experiment with its measured
// verdict; each experiment page runs to its verdict within the time its
// catalog entry states, and (default settings) shows exactly the verdict and
// numbers the native CLI measured (web/src/lab/measured.json, held by
// Catch2); the layout fits a laptop and a phone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launchBrowser, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';
import { horizontalOverflow } from './lessons/helpers';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';

interface Measured {
  experiments: Record<string, { verdict: string; summary: string; thumbnail: { arms: string[]; values: number[]; matrix?: { values: number[] } } }>;
}
const MEASURED = JSON.parse(readFileSync(join(ROOT, 'web/src/lab/measured.json'), 'utf8')) as Measured;
const IDS = Object.keys(MEASURED.experiments);

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
const errors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(query: string): Promise<Page> {
  const page = await context.newPage();
  watchPage(page, { errors });
  await page.goto(`${server.url}lab.html${query}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 30_000 });
  return page;
}

describe('the Lab index', () => {
  it('lists the ten experiments with their measured verdicts, in seed 003\'s order', async () => {
    const page = await open('');
    expect(IDS).toEqual(['optimizers', 'activations', 'depth', 'recurrence', 'cnn-mlp', 'attention', 'embeddings', 'overfitting', 'stability', 'early-stopping']);
    expect(await page.getByTestId('lab-index').locator('li').evaluateAll((items) => items.map((li) => li.dataset.testid)))
      .toEqual(IDS.map((id) => `lab-entry-${id}`));
    for (const id of IDS) {
      const entry = page.getByTestId(`lab-entry-${id}`);
      expect(await entry.locator('.lab-badge').textContent()).toBe(MEASURED.experiments[id]!.verdict);
      expect(await entry.locator('a:not(.lab-entry-further)').getAttribute('href')).toBe(`./lab.html?e=${id}`);
      // The thumbnail: the headline number of every arm of the native run (and its matrix).
      const thumb = MEASURED.experiments[id]!.thumbnail;
      expect(await entry.locator('svg.lab-thumb').count()).toBe(thumb.matrix === undefined ? 1 : 2);
      expect(await entry.locator('svg.lab-thumb rect').count()).toBe(
        thumb.values.filter((v) => v > 0).length + (thumb.matrix?.values.length ?? 0));
    }
    // Examples 7, 9 and 10 also link the pages that explore them further.
    for (const [id, href] of [['recurrence', './sequences.html'], ['attention', './attention.html'], ['embeddings', './attention.html']]) {
      expect(await page.getByTestId(`lab-entry-${id}`).locator('a.lab-entry-further').getAttribute('href')).toBe(href);
    }
    expect(await page.locator('nav a[href="./lab.html"]').count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'lab index with thumbnails');
    await page.close();
  });

  it('an unknown experiment in the URL says so and shows the index', async () => {
    const page = await open('?e=nope');
    expect(await page.locator('#status').textContent()).toBe('There is no experiment "nope" in the Lab; pick one below.');
    expect(await page.getByTestId('lab-index').count()).toBe(1);
    await page.close();
  });
});

describe('each experiment runs to its verdict in the browser', () => {
  for (const id of ['optimizers', 'activations', 'depth', 'recurrence', 'cnn-mlp', 'attention', 'embeddings', 'overfitting', 'stability', 'early-stopping']) {
    it(`${id}: the verdict and numbers of the native run, within the stated time`, async () => {
      const page = await open(`?e=${id}`);
      const limit = Number(await page.getByTestId('lab-verdict').getAttribute('data-browser-seconds'));
      expect(limit).toBeGreaterThan(0);
      expect(limit).toBeLessThanOrEqual(60);
      const start = Date.now();
      await page.getByTestId('lab-run').click();
      await page.waitForSelector('[data-testid=lab-verdict]:not([data-verdict=""])', { timeout: limit * 1000 });
      const seconds = (Date.now() - start) / 1000;
      expect(seconds).toBeLessThan(limit);
      const verdict = page.getByTestId('lab-verdict');
      expect(await verdict.getAttribute('data-verdict')).toBe(MEASURED.experiments[id]!.verdict);
      expect(await verdict.locator('p').first().textContent()).toBe(`${MEASURED.experiments[id]!.verdict} ${MEASURED.experiments[id]!.summary}`);
      expect(await page.getByTestId('lab-cli').textContent()).toBe(`glassbox lab ${id}`);
      expect(await page.getByTestId('lab-table').locator('tbody tr').count()).toBe(MEASURED.experiments[id]!.thumbnail.arms.length);
      expect(await page.getByTestId('lab-chart-loss').locator('canvas').count()).toBe(1);
      // The measured matrices: the optimizers' learning-rate sweep (5 optimizers × 5 scales), seed 003's statement's attention map (5 predictions × 10 inputs),
      // the embeddings' cosine similarities after training and at the start (11 × 11 each).
      const matrixRows = { optimizers: [5], attention: [5], embeddings: [11, 11] }[id as 'optimizers' | 'attention' | 'embeddings'] ?? [];
      expect(await page.getByTestId('lab-matrix').evaluateAll((tables) => tables.map((t) => t.querySelectorAll('tbody tr').length))).toEqual(matrixRows);
      if (id === 'optimizers') {
        // Parity-3 and two moons on their own loss charts, one line per optimizer each; the sweep as a log-log chart.
        const optimizers = ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw'];
        const legend = (chart: string) => page.getByTestId(`lab-chart-${chart}`).locator('.u-legend .u-series .u-label').allTextContents();
        expect(await legend('loss')).toEqual(['epoch', ...optimizers]);
        expect(await legend('loss_2d')).toEqual(['epoch', ...optimizers]);
        expect(await page.getByTestId('lab-chart-loss_2d').locator('.u-title').textContent()).toBe('Training loss per epoch, two moons (cross-entropy)');
        expect(await page.getByTestId('lab-chart-sweep').locator('canvas').count()).toBe(1);
        expect(await page.getByTestId('lab-chart-sweep').locator('.u-title').textContent()).toBe('Learning-rate sweep, parity-3: epochs to target (log-log)');
        expect(await legend('sweep')).toEqual(['η × scale', ...optimizers]);
        // One point per reached cell of the sweep's table (−1, not reached, has none).
        const reached = await page.getByTestId('lab-matrix').locator('td').evaluateAll((cells) => cells.filter((c) => Number(c.textContent) > 0).length);
        expect(reached).toBeGreaterThan(20);
        expect(JSON.parse(await page.locator('#lab-charts').getAttribute('data-points') ?? '{}')).toMatchObject({ sweep: reached });
        // Epochs and time to target for every arm of both sets, as the native run measured the epochs.
        const table = page.getByTestId('lab-table');
        const headers = await table.locator('thead th').allTextContents();
        const column = (name: string) => table.locator('tbody tr').evaluateAll((rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''), headers.indexOf(name));
        expect(await table.locator('tbody th').allTextContents()).toEqual([...optimizers, ...optimizers.map((o) => `moons: ${o}`)]);
        expect(await column('epochs to target')).toEqual(MEASURED.experiments.optimizers!.thumbnail.values.map((v) => v.toLocaleString('en')));
        for (const ms of await column('time to target ms')) expect(Number(ms)).toBeGreaterThanOrEqual(0);
      }
      for (const [width, height] of [[1280, 720], [390, 844]] as const) {
        await page.setViewportSize({ width, height });
        expect({ id, width, overflow: await horizontalOverflow(page) }).toEqual({ id, width, overflow: 0 });
      }
      await page.setViewportSize({ width: 1280, height: 720 });
      if (matrixRows.length > 0) await expectNoSeriousAxeViolations(page, `lab ${id} with its matrices`);
      await page.close();
    });
  }

  it('a changed setting reaches the engine and the CLI line', async () => {
    const page = await open('?e=overfitting');
    await page.getByTestId('lab-setting-epochs').fill('3');
    await page.getByTestId('lab-run').click();
    await page.waitForSelector('[data-testid=lab-verdict]:not([data-verdict=""])', { timeout: 30_000 });
    expect(await page.getByTestId('lab-cli').textContent()).toBe('glassbox lab overfitting --set epochs=3');
    expect(await page.getByTestId('lab-table').locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('3');
    await page.close();
  });

  it('a value out of range is refused with the engine\'s message and the page stays usable', async () => {
    const page = await open('?e=overfitting&dropout=2');
    await page.getByTestId('lab-run').click();
    await page.waitForFunction(() => document.getElementById('status')?.dataset.kind === 'error');
    expect(await page.locator('#status').textContent()).toBe("setting 'dropout' must be a number in [0.05, 0.9], got 2");
    expect(await page.getByTestId('lab-run').isEnabled()).toBe(true);
    await page.close();
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
