// Saves docs/screenshot.png for the README: the built site with an MNIST test
// digit drawn on it. Usage: npm run build && node scripts/screenshot.mjs [index]
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
const output = join(ROOT, 'docs/screenshot.png');

const server = await startPreview();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 960, height: 600 }, deviceScaleFactor: 2 });
  await openSite(page, server.url);
  const images = readMnistImages(MNIST_TEST_IMAGES, index + 1);
  await drawDigit(page, page.getByTestId('draw-canvas'), images[index]);
  await afterFrames(page);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: output, fullPage: true });
  console.log(`saved ${output} (MNIST test image ${index}, answer ${await page.getByTestId('top-answer').textContent()})`);
} finally {
  await browser.close();
  await server.close();
}
