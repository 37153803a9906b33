// MNIST as the site serves it (scripts/pack-mnist.mjs): the test set whole,
// the training set in chunks of 1,000 images. A run fetches only the chunks
// its training images are in, and this file frames them back into the IDX
// files the engine parses (a 16- or 8-byte header, then the bytes as packed).
import type { MnistBytes } from './loop';

export interface ChunkManifest {
  train: { count: number; chunk: number; chunks: number; rows: number; cols: number };
}

/** Fetches a .gz file's bytes, inflated (`fetchGzip` in the worker). */
export type FetchBytes = (url: string) => Promise<Uint8Array>;

/** Chunks holding the first `images` training images. */
export function chunksFor(manifest: ChunkManifest, images: number): number {
  const { count, chunk } = manifest.train;
  return Math.ceil(Math.max(1, Math.min(images, count)) / chunk);
}

/** An IDX header: magic (0x801 labels, 0x803 images), then the count and, for images, rows and columns. */
function idx(magic: number, dims: number[], body: Uint8Array[], bodyLength: number): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + bodyLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  let at = header;
  for (const part of body) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Loads the test set and the training chunks for `images` training images
 * (null: all), each file at most once per worker: a later, bigger run fetches
 * only the chunks it does not have yet.
 */
export function createChunkLoader(fetchBytes: FetchBytes, fetchJson: (url: string) => Promise<unknown>) {
  const files = new Map<string, Promise<Uint8Array>>();
  let manifest: Promise<ChunkManifest> | null = null;

  function file(url: string): Promise<Uint8Array> {
    let p = files.get(url);
    if (p === undefined) {
      p = fetchBytes(url);
      files.set(url, p);
      // A failed download is tried again next run.
      p.catch(() => files.delete(url));
    }
    return p;
  }

  return async function load(dataBase: string, images: number | null): Promise<MnistBytes> {
    manifest ??= fetchJson(new URL('mnist.json', dataBase).href) as Promise<ChunkManifest>;
    manifest.catch(() => (manifest = null));
    const m = await manifest;
    const { count, chunk, rows, cols } = m.train;
    const n = chunksFor(m, images ?? count);
    const name = (k: number): string => new URL(`train-${String(k).padStart(2, '0')}.gz`, dataBase).href;
    const [testImages, testLabels, ...chunks] = await Promise.all([
      file(new URL('t10k-images-idx3-ubyte.gz', dataBase).href),
      file(new URL('t10k-labels-idx1-ubyte.gz', dataBase).href),
      ...Array.from({ length: n }, (_, k) => file(name(k))),
    ]);
    // Each chunk: its labels, then its pixels.
    const sizes = chunks.map((c, k) => {
      const expected = Math.min(chunk, count - k * chunk);
      if (c!.length !== expected * (1 + rows * cols)) throw new Error(`MNIST chunk ${k} has ${c!.length} bytes, expected ${expected * (1 + rows * cols)}.`);
      return expected;
    });
    const total = sizes.reduce((a, b) => a + b, 0);
    const labels = chunks.map((c, k) => c!.subarray(0, sizes[k]));
    const pixels = chunks.map((c, k) => c!.subarray(sizes[k]));
    return {
      trainImages: idx(0x803, [total, rows, cols], pixels, total * rows * cols),
      trainLabels: idx(0x801, [total], labels, total),
      testImages: testImages!,
      testLabels: testLabels!,
    };
  };
}
