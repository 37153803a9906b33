// A model changed in PyTorch comes back and is drawn (issue 18, part 3), in
// headless Chromium. At test time: the wasm engine exports the shipped small
// MLP (784-32-10) as a PyTorch module; real PyTorch (Debian's python3-torch,
// /usr/bin/python3, installed by scripts/setup.sh) loads it, raises output
// 3's bias by 100 — more than any drawing's logits can outvote — and writes
// the file with the module's own save(). The page imports that file, uses it,
// and the 3D view rebuilds for it: the small MLP's stages, and a drawn 7 (that
// the shipped model reads as 7) now lights output 3. The bit-exact round trip
// of every other weight is held by tests/interop.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_TEST_IMAGES,
  MNIST_TEST_LABELS,
  afterFrames,
  drawDigit,
  launchBrowser,
  openSite,
  readMnistImages,
  readMnistLabels,
  startPreview,
  watchPage,
  type PreviewHandle,
} from './support/site.mjs';
import { ROOT } from '../web/helpers/artifacts';
import { loadTestEngine } from '../web/helpers/engine';

const PYTHON = '/usr/bin/python3';
const RAISED_CLASS = 3;
// Loads the exported module, raises one output bias (the last nn.Linear's), saves.
const FINE_TUNE = `
import importlib.util, sys, torch
spec = importlib.util.spec_from_file_location("glassbox_export", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.load(sys.argv[2])
last = [m for m in model.modules() if isinstance(m, torch.nn.Linear)][-1]
with torch.no_grad():
    last.bias[int(sys.argv[4])] += 100.0
module.save(model, sys.argv[3])
print(f"torch {torch.__version__}: bias[{sys.argv[4]}] is now {last.bias[int(sys.argv[4])].item():.4f}")
`;

let server: PreviewHandle;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'glassbox-torch-'));
const tuned = join(dir, 'torch-tuned.safetensors');
const original = join(ROOT, 'web/public/models/mnist-mlp-small.safetensors');

beforeAll(async () => {
  // The preview server first: the engine's node shims (a global __dirname) would mislead its config.
  server = await startPreview();
  const engine = await loadTestEngine();
  const net = engine.networkFromSafetensors(readFileSync(original));
  try {
    writeFileSync(join(dir, 'mnist_mlp_small.py'), net.exportModel('pytorch', 'mnist-mlp-small.safetensors'));
  } finally {
    net.dispose();
  }
  writeFileSync(join(dir, 'fine_tune.py'), FINE_TUNE);
  const printed = execFileSync(PYTHON, [join(dir, 'fine_tune.py'), join(dir, 'mnist_mlp_small.py'), original, tuned, String(RAISED_CLASS)], {
    encoding: 'utf8',
  });
  console.log(printed.trim());

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  page = await context.newPage();
  watchPage(page, { errors: pageErrors });
  await openSite(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const [seven] = readMnistImages(MNIST_TEST_IMAGES, 1);
const [label] = readMnistLabels(MNIST_TEST_LABELS, 1);

async function drawAndRead(p: Page): Promise<{ answer: string; highlighted: number; winner: string | null }> {
  await p.getByTestId('clear').click();
  await afterFrames(p);
  await drawDigit(p, p.getByTestId('draw-canvas'), seven!);
  await afterFrames(p);
  return {
    answer: ((await p.getByTestId('top-answer').textContent()) ?? '').trim(),
    highlighted: await p.evaluate(() => window.__glassbox!.view!.highlightedOutput()),
    winner: await p.locator('.view3d-label-digit.winner').textContent(),
  };
}

describe('a model saved by PyTorch', () => {
  it('is imported, used and drawn in the 3D view with the weight PyTorch changed', async () => {
    // The shipped model first: the drawing reads as its label.
    expect(label).toBe(7);
    await page.getByTestId('model-picker').selectOption('mlp-small');
    await page.waitForFunction(() => document.querySelector('#digits')?.getAttribute('data-model') === 'mlp-small');
    expect(await drawAndRead(page)).toEqual({ answer: '7', highlighted: 7, winner: '7' });

    const saved = page.getByTestId('saved-models').locator('li[data-id]');
    const before = await saved.count();
    await page.getByTestId('import-file').setInputFiles(tuned);
    await expect.poll(() => saved.count()).toBe(before + 1);
    expect(await page.getByTestId('import-error').isHidden()).toBe(true);
    expect(await saved.first().textContent()).toMatch(/^torch-tuned.*MLP 784-32-10/);

    const builds = await page.evaluate(() => window.__glassbox!.view!.builds());
    await saved.first().getByRole('button', { name: 'Use' }).click();
    await expect.poll(() => page.locator('#digits').evaluate((el) => (el as HTMLElement).dataset.model)).toMatch(/^trained-/);
    await afterFrames(page);
    expect(await page.evaluate(() => window.__glassbox!.view!.builds())).toBeGreaterThan(builds);
    expect(await page.evaluate(() => window.__glassbox!.view!.stageTitles())).toEqual(['Input 28×28', 'Hidden 1 · 32', 'Output · 10']);
    expect(await page.evaluate(() => window.__glassbox!.view!.litPixels())).toBeGreaterThan(2000);

    // PyTorch's change is what the view draws: the same 7 now lights output 3, at full brightness.
    expect(await drawAndRead(page)).toEqual({ answer: String(RAISED_CLASS), highlighted: RAISED_CLASS, winner: String(RAISED_CLASS) });
    const outputs = await page.evaluate(() => window.__glassbox!.view!.brightness(2)!);
    expect(outputs).toHaveLength(10);
    expect(outputs[RAISED_CLASS]).toBeGreaterThan(0.99);
    expect(pageErrors).toEqual([]);
  });
});
