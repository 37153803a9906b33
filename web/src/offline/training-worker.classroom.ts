// The classroom file's training worker: its code is inlined in the page and
// started from a Blob URL (Chromium refuses module scripts and workers fetched
// from a file:// page), and the page posts it the engine and the MNIST subset.
import TrainingWorker from '../training/worker.ts?worker&inline';
import { ASSETS_MESSAGE, embeddedAsset } from './embedded.classroom';

/**
 * What the worker reads: the engine's wasm, the MNIST manifest, the training
 * chunks embedded (up to 60; missing ones are skipped) and the test set.
 */
export const WORKER_ASSETS = [
  'glassbox.wasm',
  'data/mnist.json',
  ...Array.from({ length: 60 }, (_, k) => `data/train-${String(k).padStart(2, '0')}.gz`),
  'data/t10k-images-idx3-ubyte.gz',
  'data/t10k-labels-idx1-ubyte.gz',
];

export function startTrainingWorker(): Worker {
  const worker = new TrainingWorker({ name: 'glassbox-training' });
  void Promise.all(WORKER_ASSETS.map(async (key) => [key, await embeddedAsset(key)] as const)).then((entries) => {
    const assets: Record<string, Uint8Array> = {};
    for (const [key, bytes] of entries) if (bytes !== null) assets[key] = bytes;
    worker.postMessage({ type: ASSETS_MESSAGE, assets });
  });
  return worker;
}
