// Issue 13, part 7, in Chromium: a run checkpoints to IndexedDB at every
// epoch's end; closing the tab mid-run and opening the site again offers to
// resume it at the same step (or to discard it); saved models survive a
// reload; export then import is bit-exact; a storage failure is shown and the
// model stays downloadable.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSite, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
const dir = mkdtempSync(join(tmpdir(), 'glassbox-persist-'));

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true, serviceWorkers: 'block' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const data = (page: Page, name: string) => page.locator('#training').evaluate((el, key) => (el as HTMLElement).dataset[key] ?? '', name);

async function openPage(errors: string[]): Promise<Page> {
  const page = await context.newPage();
  watchPage(page, { errors });
  await openSite(page, server.url);
  return page;
}

/**
 * Starts a long run (1,000 images, 63 steps an epoch), waits for its first
 * checkpoint (the end of epoch 1), pauses it so no newer one is written, and
 * returns the step of the checkpoint in IndexedDB.
 */
async function runUntilCheckpoint(page: Page): Promise<number> {
  await page.getByTestId('train-limit').selectOption('1000');
  await page.getByTestId('train-epochs').fill('20');
  await page.getByTestId('train-start').click();
  await expect.poll(() => data(page, 'checkpointStep').then(Number), { timeout: 60_000 }).toBeGreaterThanOrEqual(63);
  await page.getByTestId('train-pause').click();
  await expect.poll(() => data(page, 'training')).toBe('paused');
  await page.waitForTimeout(300);
  const step = Number(await data(page, 'checkpointStep'));
  expect(step % 63).toBe(0);
  return step;
}

describe('persistence', () => {
  it('closing the tab mid-run and coming back offers to resume it at the same step', async () => {
    const errors: string[] = [];
    const first = await openPage(errors);
    expect(await first.getByTestId('resume-offer').isHidden()).toBe(true);
    const saved = await runUntilCheckpoint(first);
    // The tab closes mid-run: the worker dies with it.
    await first.close();

    const second = await openPage(errors);
    const offer = second.getByTestId('resume-offer');
    await expect.poll(() => offer.isVisible()).toBe(true);
    expect(await second.getByTestId('resume-text').textContent()).toMatch(
      new RegExp(`^A training run was interrupted at step ${saved} of 1,260 \\(MLP 784-128-64-10, adam, 1,000 images; saved [^)]+\\)\\. Resume it where it stopped, or discard it\\.$`));
    await second.getByTestId('resume-run').click();
    expect(await offer.isHidden()).toBe(true);
    expect(await data(second, 'resumedFrom')).toBe(String(saved));
    // The charts go on from step 1: the checkpoint carried the losses of the saved steps and the epoch-1 accuracy.
    expect(Number(await data(second, 'lossPoints'))).toBeGreaterThanOrEqual(saved);
    expect(Number(await data(second, 'accuracyPoints'))).toBeGreaterThanOrEqual(saved / 63);
    // It goes on from the saved step of the same 1,260, with the saved settings in the form.
    await expect.poll(() => second.getByTestId('train-status').textContent(), { timeout: 60_000 }).toMatch(/^Epoch \d+ of 20 · step [\d,]+ \/ 1,260 /);
    const step = Number(/step ([\d,]+) \//.exec((await second.getByTestId('train-status').textContent())!)![1]!.replace(/,/g, ''));
    expect(step).toBeGreaterThan(saved);
    expect(await second.getByTestId('train-epochs').inputValue()).toBe('20');
    expect(await second.getByTestId('train-limit').inputValue()).toBe('1000');
    await second.getByTestId('train-stop').click();
    await expect.poll(() => data(second, 'done'), { timeout: 60_000 }).toBe('1');
    expect(Number(await data(second, 'accuracy'))).toBeGreaterThan(0.8);
    // A finished run leaves nothing to resume; its model survives a reload.
    await second.reload();
    await second.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 60_000 });
    await expect.poll(() => second.getByTestId('saved-models').locator('li[data-id]').count()).toBe(1);
    expect(await second.getByTestId('resume-offer').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await second.close();
  });

  it('"discard" forgets the interrupted run', async () => {
    const errors: string[] = [];
    const first = await openPage(errors);
    await runUntilCheckpoint(first);
    await first.close();
    const second = await openPage(errors);
    await expect.poll(() => second.getByTestId('resume-offer').isVisible()).toBe(true);
    await second.getByTestId('discard-run').click();
    expect(await second.getByTestId('resume-offer').isHidden()).toBe(true);
    await second.reload();
    await second.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 60_000 });
    expect(await second.getByTestId('resume-offer').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await second.close();
  });

  it('export then import is bit-exact', async () => {
    const page = await openPage([]);
    const saved = page.getByTestId('saved-models').locator('li[data-id]');
    await expect.poll(() => saved.count()).toBe(1);
    const exportFirst = async (name: string): Promise<Buffer> => {
      const [download] = await Promise.all([page.waitForEvent('download'), saved.first().getByRole('button', { name: 'Export' }).click()]);
      const file = join(dir, name);
      await download.saveAs(file);
      return readFileSync(file);
    };
    const exported = await exportFirst('exported.safetensors');
    await page.getByTestId('import-file').setInputFiles(join(dir, 'exported.safetensors'));
    await expect.poll(() => saved.count()).toBe(2);
    // The newest first: the imported copy, exported again.
    expect(await saved.first().textContent()).toMatch(/^exported/);
    const again = await exportFirst('again.safetensors');
    console.log(`export → import → export: ${exported.length} and ${again.length} bytes`);
    expect(exported.length).toBeGreaterThan(400_000);
    expect(again.equals(exported)).toBe(true);
    await page.close();
  });

  it('a storage failure is shown and the model stays downloadable', async () => {
    const full = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true, serviceWorkers: 'block' });
    // Every write to the site's stores fails as a full disk would.
    await full.addInitScript(() => {
      const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      IDBObjectStore.prototype.add = function add() { throw quota(); };
      IDBObjectStore.prototype.put = function put() { throw quota(); };
    });
    const page = await full.newPage();
    const errors: string[] = [];
    watchPage(page, { errors });
    await openSite(page, server.url);
    await page.getByTestId('train-limit').selectOption('1000');
    await page.getByTestId('train-epochs').fill('2');
    await page.getByTestId('train-start').click();
    await expect.poll(() => page.getByTestId('train-error').textContent(), { timeout: 60_000 }).toBe(
      'Could not save a checkpoint of this run (The quota has been exceeded.): closing the tab now would lose it. The finished model can still be downloaded.');
    await expect.poll(() => data(page, 'done'), { timeout: 60_000 }).toBe('1');
    expect(await page.getByTestId('train-result-text').textContent()).toBe(
      'Could not save the model in this browser (The quota has been exceeded.). Download it now to keep it; you can use it until you reload.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('train-download').click()]);
    const file = join(dir, 'unsaved.safetensors');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    // A safetensors file: an 8-byte little-endian header length, then the JSON header.
    const headerLength = Number(bytes.readBigUInt64LE(0));
    expect(String.fromCharCode(bytes[8]!)).toBe('{');
    expect(bytes.length).toBeGreaterThan(8 + headerLength + 400_000);
    // The page still works: "use this model" reads a drawn digit with it.
    await page.getByTestId('train-use').click();
    await expect.poll(() => page.locator('#digits').evaluate((el) => (el as HTMLElement).dataset.model)).toMatch(/^trained-/);
    expect(errors).toEqual([]);
    await full.close();
  });
});
