// Issue 13, part 9: no leaks in the engine. A wasm memory never shrinks, so
// the measure is the allocator's in-use bytes (Engine.memory().inUseBytes,
// dlmalloc's mallinfo), taken after one warm-up round (lazily built tables)
// and again after the whole workload: they must be equal, byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Network } from '../../web/src/engine';
import { MNIST_TEST_IMAGES, MNIST_TEST_LABELS, ROOT } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

const MODELS = ['mnist-mlp.safetensors', 'mnist-cnn.safetensors', 'mnist-mlp-small.safetensors']
  .map((name) => new Uint8Array(readFileSync(join(ROOT, 'web/public/models', name))));

let engine: Engine;
let images: Uint8Array;
let labels: Uint8Array;
let digits: Float32Array[];

beforeAll(async () => {
  engine = await loadTestEngine();
  images = new Uint8Array(readFileSync(MNIST_TEST_IMAGES));
  labels = new Uint8Array(readFileSync(MNIST_TEST_LABELS));
  const pixels = engine.readIdx(images).data;
  digits = Array.from({ length: 10 }, (_, i) => Float32Array.from(pixels.subarray(784 * i, 784 * (i + 1)), (v) => v / 255));
});

/** In-use bytes after `warmUp` runs once, then after `work`; they must match. */
function leakedBy(warmUp: () => void, work: () => void): { before: number; after: number; heapGrowth: number } {
  warmUp();
  const before = engine.memory();
  work();
  const after = engine.memory();
  return { before: before.inUseBytes, after: after.inUseBytes, heapGrowth: after.heapBytes - before.heapBytes };
}

describe('the engine frees what it allocates', () => {
  it('1,000 predictions (predict and forwardAll, MLP and CNN) leave the in-use bytes flat', () => {
    const nets = MODELS.slice(0, 2).map((bytes) => engine.networkFromSafetensors(bytes));
    const predictOnce = (i: number): void => {
      const net = nets[i % 2]!;
      const input = digits[i % 10]!;
      if (i % 4 === 0) net.forwardAll(input);
      else net.predict(input);
    };
    // Warm-up: each network sizes its forward workspace on its first predict and first forwardAll (kept until dispose).
    const result = leakedBy(() => [0, 1, 2, 4].forEach(predictOnce), () => {
      for (let i = 0; i < 1000; i++) predictOnce(i);
    });
    console.log(`1,000 predictions: in use ${result.before} → ${result.after} bytes, memory +${result.heapGrowth}`);
    expect(result.after).toBe(result.before);
    for (const net of nets) net.dispose();
  });

  it('50 model switches (load a model, use it, dispose the previous) leave the in-use bytes flat', () => {
    let current: Network | null = null;
    const switchTo = (i: number): void => {
      const next = engine.networkFromSafetensors(MODELS[i % MODELS.length]!);
      next.predict(digits[i % 10]!);
      current?.dispose();
      current = next;
    };
    const result = leakedBy(() => {
      switchTo(0);
      current!.dispose();
      current = null;
    }, () => {
      for (let i = 0; i < 50; i++) switchTo(i);
      current!.dispose();
    });
    console.log(`50 model switches: in use ${result.before} → ${result.after} bytes, memory +${result.heapGrowth}`);
    expect(result.after).toBe(result.before);
  });

  it('20 training starts and stops (MNIST, evaluate, export, parameters) leave the in-use bytes flat', () => {
    const train = { idxImages: images, idxLabels: labels, limit: 256 };
    const run = (i: number): void => {
      const session = engine.startTraining({ sizes: [784, 32, 10] }, train, { batchSize: 32, seed: i + 1, optimizer: i % 2 === 0 ? 'adam' : 'momentum', learningRate: 0.01 });
      session.step(4);
      session.evaluate({ idxImages: images, idxLabels: labels, limit: 100 });
      session.toSafetensors();
      session.parameters();
      session.dispose();
    };
    const result = leakedBy(() => run(0), () => {
      for (let i = 0; i < 20; i++) run(i);
    });
    console.log(`20 training runs: in use ${result.before} → ${result.after} bytes, memory +${result.heapGrowth}`);
    expect(result.after).toBe(result.before);
  });

  it('a leak would be seen: a network left undisposed shows in the count', () => {
    const before = engine.memory().inUseBytes;
    const kept = engine.networkFromSafetensors(MODELS[2]!);
    expect(engine.memory().inUseBytes - before).toBeGreaterThan(kept.parameterCount * 4);
    kept.dispose();
    expect(engine.memory().inUseBytes).toBe(before);
  });
});
