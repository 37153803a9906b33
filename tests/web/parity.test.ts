// The wasm build must answer exactly like the native build: the first 20
// MNIST test images through both, probabilities equal within 1e-5.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Network } from '../../web/src/engine';
import { CLI, MODEL, MNIST_TEST_IMAGES, ROOT, requireArtifact } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

const COUNT = 20;
const TOLERANCE = 1e-5;

interface CliPrediction {
  index: number;
  label: number;
  probabilities: number[];
}

function nativePredict(index: number): CliPrediction {
  const stdout = execFileSync(
    requireArtifact(CLI, 'The native CLI'),
    ['predict', MODEL, '--idx-index', String(index), '--json'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as CliPrediction;
}

let engine: Engine;
let network: Network;
let images: Uint8Array;

beforeAll(async () => {
  engine = await loadTestEngine();
  network = engine.networkFromSafetensors(new Uint8Array(readFileSync(requireArtifact(MODEL, 'The shipped MNIST model'))));
  const idx = engine.readIdx(new Uint8Array(readFileSync(MNIST_TEST_IMAGES)));
  expect(idx.dims.slice(1)).toEqual([28, 28]);
  images = idx.data;
});

afterAll(() => network?.dispose());

describe(`wasm and native predictions agree on the first ${COUNT} MNIST test images`, () => {
  it.each(Array.from({ length: COUNT }, (_, k) => k))('image %i', (k) => {
    const input = Float32Array.from(images.subarray(k * 784, (k + 1) * 784), (v) => v / 255);
    const wasm = network.predict(input);
    const native = nativePredict(k);
    expect(native.index).toBe(k);
    expect(native.probabilities).toHaveLength(10);
    for (let c = 0; c < 10; c++) {
      expect(Math.abs(wasm[c]! - native.probabilities[c]!), `class ${c}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
