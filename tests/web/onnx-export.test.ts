// `exportModel('onnx')` proven in ONNX Runtime (onnxruntime-web, wasm backend,
// in node): for each shipped model (on the first 100 MNIST test images) and a
// model of every layer type (tests/interop/architectures, trained a few steps
// by the engine so that batchnorm's running statistics are learned values; on
// 100 seeded uniform inputs), the exported graph's outputs equal the engine's:
// the probabilities (softmax of the logits) within 1e-5, and the raw logits
// within 1e-5 · max(1, largest |logit|), as in tests/interop, which says why.
// A model that starts with an embedding reads token ids: it trains and is
// compared on seeded whole-number ids in [0, vocabulary), fed to ONNX Runtime
// as the float32 input the engine takes (the graph casts them to int64 for
// Gather). Every layer type exports; the refusal of one that could not is
// held in tests/engine/test_export.cpp.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Network } from '../../web/src/engine';
import { MNIST_TEST_IMAGES, ROOT } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

const SAMPLES = 100;
const TOLERANCE = 1e-5;
const SHIPPED = ['mnist-cnn', 'mnist-mlp', 'mnist-mlp-small'];
const ARCHITECTURES = join(ROOT, 'tests/interop/architectures');
let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
  ort.env.wasm.numThreads = 1;
});

/** A seeded uniform [0, 1) sequence (mulberry32), so every run sees the same inputs. */
function uniform(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; ++i) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return values;
}

/** The first `SAMPLES` MNIST test images, scaled to [0, 1] as the engine's loader does. */
function mnistImages(): Float32Array {
  const pixels = readFileSync(MNIST_TEST_IMAGES).subarray(16, 16 + 784 * SAMPLES);
  return Float32Array.from(pixels, (p) => p / 255);
}

/** Softmax of each row of `cols` logits, in double precision. */
function softmaxRows(logits: Float32Array, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < logits.length / cols; ++r) {
    const row = Array.from(logits.subarray(r * cols, (r + 1) * cols));
    const top = Math.max(...row);
    const e = row.map((z) => Math.exp(z - top));
    const sum = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / sum));
  }
  return out;
}

/** The network's input shape per sample, from its first layer. */
function inputShape(net: Network): number[] {
  return net.layers()[0]!.inputShape;
}

/** The engine's raw outputs (the last layer's values: logits, before any softmax). */
function engineOutputs(net: Network, inputs: Float32Array): Float32Array {
  const layers = net.forwardBatch(inputs, SAMPLES).layers;
  return layers[layers.length - 1]!.values;
}

async function onnxOutputs(model: Uint8Array, inputs: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  try {
    const result = await session.run({ input: new ort.Tensor('float32', inputs, [SAMPLES, ...shape]) });
    return result.output!.data as Float32Array;
  } finally {
    await session.release();
  }
}

interface Differences {
  probability: number;
  logit: number;
  scale: number;
}

/** Max |Δ probability| and max |Δ logit| / scale, scale = max(1, largest |logit|). */
async function differences(net: Network, inputs: Float32Array): Promise<Differences> {
  const expected = engineOutputs(net, inputs);
  const actual = await onnxOutputs(net.exportModel('onnx', 'model.safetensors'), inputs, inputShape(net));
  expect(actual.length).toBe(expected.length);
  const cols = expected.length / SAMPLES;
  let spread = 0;
  let logit = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; ++i) {
    logit = Math.max(logit, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
    spread = Math.max(spread, Math.abs(expected[i]! - expected[i % cols]!));
  }
  // Outputs that vary from input to input: equal constants would prove nothing.
  expect(spread).toBeGreaterThan(1e-3);
  const p = softmaxRows(actual, cols);
  const q = softmaxRows(expected, cols);
  const probability = Math.max(...p.map((v, i) => Math.abs(v - q[i]!)));
  return { probability, logit: logit / scale, scale };
}

function report(name: string, d: Differences): void {
  console.log(
    `${name}: max |Δ probability| ${d.probability.toPrecision(3)}, max |Δ logit| ` +
      `${(d.logit * d.scale).toPrecision(3)} (largest |logit| ${d.scale.toPrecision(3)}) over ${SAMPLES} inputs`,
  );
  expect(d.probability).toBeLessThanOrEqual(TOLERANCE);
  expect(d.logit).toBeLessThanOrEqual(TOLERANCE);
}

/** The vocabulary of an architecture whose first layer is an embedding, else 0. */
function vocabularyOf(architecture: string): number {
  const first = (JSON.parse(architecture) as { layers: { type: string; vocabulary?: number }[] }).layers[0]!;
  return first.type === 'embedding' ? first.vocabulary! : 0;
}

/** Seeded inputs for `architecture`: uniform [0, 1), or whole-number token ids in [0, vocabulary). */
function inputsFor(architecture: string, count: number, size: number, seed: number): Float32Array {
  const values = uniform(count * size, seed);
  const vocabulary = vocabularyOf(architecture);
  return vocabulary ? values.map((u) => Math.floor(u * vocabulary)) : values;
}

/**
 * A network of `architecture`, trained 8 steps on seeded inputs so every tensor holds learned
 * values: noise with arbitrary digit classes, or (token models) ids labelled with how many are
 * nonzero, the count_ones task of the interop tests.
 */
function trainedNetwork(architecture: string): Network {
  const arch = JSON.parse(architecture) as { input: number | number[] };
  const size = ([] as number[]).concat(arch.input).reduce((a, b) => a * b, 1);
  const count = 128;
  const inputs = inputsFor(architecture, count, size, 11);
  const targets = vocabularyOf(architecture)
    ? Int32Array.from({ length: count }, (_, i) => inputs.subarray(i * size, (i + 1) * size).filter((id) => id > 0).length)
    : new Int32Array(count).map((_, i) => (i * 7) % 10);
  const session = engine.startTraining(
    { json: architecture },
    { inputs, targets, count },
    { optimizer: 'adam', learningRate: 0.003, batchSize: 16, seed: 3 },
  );
  try {
    session.step(8);
    return engine.networkFromSafetensors(session.toSafetensors());
  } finally {
    session.dispose();
  }
}

describe('ONNX export in ONNX Runtime', () => {
  it.each(SHIPPED)('%s computes the engine’s outputs', async (name) => {
    const net = engine.networkFromSafetensors(readFileSync(join(ROOT, `web/public/models/${name}.safetensors`)));
    try {
      report(name, await differences(net, mnistImages()));
    } finally {
      net.dispose();
    }
  });

  const files = readdirSync(ARCHITECTURES).filter((f) => f.endsWith('.json')).sort();
  const typesOf = (file: string): Set<string> => {
    const used = new Set<string>();
    const walk = (layers: { type: string; layers?: unknown[] }[]): void => {
      for (const layer of layers) {
        used.add(layer.type);
        walk((layer.layers ?? []) as { type: string; layers?: unknown[] }[]);
      }
    };
    walk((JSON.parse(readFileSync(join(ARCHITECTURES, file), 'utf8')) as { layers: { type: string }[] }).layers);
    return used;
  };
  it.each(files)('%s computes the engine’s outputs', async (file) => {
    const architecture = readFileSync(join(ARCHITECTURES, file), 'utf8');
    const net = trainedNetwork(architecture);
    try {
      const size = inputShape(net).reduce((a, b) => a * b, 1);
      report(file, await differences(net, inputsFor(architecture, SAMPLES, size, file.length)));
    } finally {
      net.dispose();
    }
  });

  it('the architectures cover every layer type the engine knows', () => {
    const used = new Set(files.flatMap((file) => [...typesOf(file)]));
    expect(engine.catalog().layers.map((l) => l.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it('refuses a format it does not know, naming the allowed ones', () => {
    const net = engine.networkFromSafetensors(readFileSync(join(ROOT, 'web/public/models/mnist-mlp-small.safetensors')));
    try {
      expect(() => net.exportModel('keras' as 'onnx', 'm.safetensors')).toThrow(
        "export format must be 'pytorch' or 'onnx', got 'keras'",
      );
    } finally {
      net.dispose();
    }
  });
});
