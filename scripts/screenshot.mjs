// Saves the README's pictures from the built site with an MNIST test digit
// drawn on it: docs/screenshot.png (the page) and docs/3d-view.png (the 3D
// activation view). Usage: npm run build && node scripts/screenshot.mjs [index]
//
// Device scale factor 1 at a large viewport: headless Chromium renders WebGL in
// software, where the view draws at pixel ratio 1, so a 2× shot would only
// upscale the scene.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  MNIST_TEST_IMAGES,
  ROOT,
  afterFrames,
  drawDigit,
  launchBrowser,
  openSite,
  readMnistImages,
  startPreview,
} from '../tests/e2e/support/site.mjs';

const index = Number(process.argv[2] ?? 0);
const page_png = join(ROOT, 'docs/screenshot.png');
const view_png = join(ROOT, 'docs/3d-view.png');

const server = await startPreview();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await openSite(page, server.url);
  const images = readMnistImages(MNIST_TEST_IMAGES, index + 1);
  await drawDigit(page, page.getByTestId('draw-canvas'), images[index]);
  await afterFrames(page);
  // Let the camera settle and the labels follow.
  await page.waitForTimeout(500);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: page_png, fullPage: true });
  await page.locator('.digits-view').screenshot({ path: view_png });
  const answer = await page.getByTestId('top-answer').textContent();
  console.log(`saved ${page_png} and ${view_png} (MNIST test image ${index}, answer ${answer})`);
} finally {
  await browser.close();
  await server.close();
}
