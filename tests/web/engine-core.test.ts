// The engine-core API through wasm: the catalog, named weights, setting
// parameters, layer internals, per-neuron contributions and whole-model
// traces. Expected values are computed here by hand or by brute force.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';
import { errorOf } from './helpers/errors';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});


const tiny = {
  input: 2,
  loss: 'mse',
  layers: [{ type: 'dense', units: 2, init: 'zeros' }, { type: 'tanh' }, { type: 'dense', units: 1, init: 'zeros' }],
};

describe('the catalog', () => {
  it('lists every layer with its fields, and the names the engine accepts', () => {
    const catalog = engine.catalog();
    const dense = catalog.layers.find((l) => l.name === 'dense');
    expect(dense?.fields.map((f) => f.name)).toEqual(['units', 'init']);
    expect(dense?.fields[0]).toMatchObject({ kind: 'count', required: true, min: 1, max: 65536 });
    expect(dense?.fields[1]?.default).toBe('he_normal');
    const dropout = catalog.layers.find((l) => l.name === 'dropout');
    expect(dropout?.fields[0]).toMatchObject({ name: 'rate', kind: 'number', min: 0, max: 1, maxExclusive: true });
    expect(catalog.activations).toEqual(['linear', 'relu', 'leaky_relu', 'elu', 'sigmoid', 'tanh', 'gelu', 'gelu_erf', 'swish', 'softplus', 'softmax']);
    expect(catalog.optimizers).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw']);
    expect(catalog.losses).toEqual(['softmax_cross_entropy', 'binary_cross_entropy', 'mse', 'huber']);
    // Every activation is also a layer type.
    for (const name of catalog.activations) expect(catalog.layers.some((l) => l.name === name)).toBe(true);
  });
});

describe('building and setting weights', () => {
  it('refuses unknown fields, naming the allowed ones', () => {
    expect(errorOf(() => engine.buildNetwork({ input: 2, layers: [{ type: 'dense', unitz: 3 }] })))
      .toBe('layer 0: dense has no field "unitz"; its fields: units, init');
    expect(errorOf(() => engine.buildNetwork({ input: 2, layers: [{ type: 'dense', units: 2.5 }] })))
      .toBe('layer 0: dense "units" must be a whole number in 1..65536, got 2.5');
  });

  it('setParameters replaces the weights and the outputs follow by hand', () => {
    const net = engine.buildNetwork(tiny);
    // W1 (2×2) = [[1, 0], [0, -1]], b1 = [0, 0.5], W2 (2×1) = [2, 1], b2 = 0.25
    net.setParameters(new Float32Array([1, 0, 0, -1, 0, 0.5, 2, 1, 0.25]));
    const x = new Float32Array([0.3, 0.2]);
    const expected = 2 * Math.tanh(0.3) + Math.tanh(-0.2 + 0.5) + 0.25;
    expect(net.predict(x)[0]).toBeCloseTo(expected, 6);
    const w = net.weights(0, 'weight');
    expect(w.shape).toEqual([2, 2]);
    expect(Array.from(w.values)).toEqual([1, 0, 0, -1]);
    expect(Array.from(net.weights(2, 'bias').values)).toEqual([0.25]);
    expect(errorOf(() => net.weights(1, 'weight'))).toBe("layer 1 (tanh) has no tensor 'weight'; its tensors: none");
    expect(errorOf(() => net.setParameters(new Float32Array(3)))).toBe('parameters has 3 values; this network has 9');
    const info = net.layers();
    expect(info[0]?.tensors.map((t) => `${t.name}@${t.offset}`)).toEqual(['weight@0', 'bias@4']);
    expect(info[2]?.tensors.map((t) => `${t.name}@${t.offset}`)).toEqual(['weight@6', 'bias@8']);
    net.dispose();
  });
});

describe('evaluating a batch', () => {
  it('evaluate gives the mean of the per-sample MSE, computed here by hand', () => {
    const net = engine.buildNetwork(tiny);
    net.setParameters(new Float32Array([1, 0, 0, -1, 0, 0.5, 2, 1, 0.25]));
    const inputs = new Float32Array([0.3, 0.2, -1, 0.5, 0, 0]);
    const targets = new Float32Array([1, 0, 2]);
    // y = 2·tanh(x₁) + tanh(0.5 − x₂) + 0.25; one output, so L = (y − t)², and the batch's loss is their mean.
    const y = (x1: number, x2: number) => 2 * Math.tanh(x1) + Math.tanh(0.5 - x2) + 0.25;
    const losses = [(y(0.3, 0.2) - 1) ** 2, (y(-1, 0.5) - 0) ** 2, (y(0, 0) - 2) ** 2];
    const expected = (losses[0]! + losses[1]! + losses[2]!) / 3;
    const result = net.evaluate({ inputs, targets, count: 3 });
    expect(result.count).toBe(3);
    expect(result.meanLoss).toBeCloseTo(expected, 5);
    // Each sample's trace reports its own loss, and their mean is the batch's.
    const traced = [0, 1, 2].map((i) => net.trace(inputs.subarray(2 * i, 2 * i + 2), targets.subarray(i, i + 1)).loss);
    traced.forEach((loss, i) => expect(loss).toBeCloseTo(losses[i]!, 5));
    expect(errorOf(() => net.evaluate({ inputs, targets, count: 4 }))).toBe('data.inputs has 6 values; 4 samples × 2 inputs needs 8');
    net.dispose();
  });
});

describe('layer internals', () => {
  it('an activation names its pre-activation z, equal to the dense output before it', () => {
    const net = engine.buildNetwork(tiny);
    net.setParameters(new Float32Array([1, 0, 0, -1, 0, 0.5, 2, 1, 0.25]));
    const forward = net.forwardAll(new Float32Array([0.3, 0.2]));
    const z = forward.layers[1]?.internals.find((t) => t.name === 'pre_activation');
    expect(z?.shape).toEqual([2]);
    expect(Array.from(z?.values ?? [])).toEqual(Array.from(forward.layers[0]?.values ?? []));
    expect(z?.values[1]).toBeCloseTo(0.3, 6);  // 0.2 · (−1) + 0.5
    net.dispose();
  });

  it('a residual block shows its body outputs and its skip path', () => {
    const net = engine.buildNetwork({
      input: 3, loss: 'mse',
      layers: [{ type: 'residual', layers: [{ type: 'relu' }] }, { type: 'dense', units: 1 }],
    });
    const forward = net.forwardAll(new Float32Array([-1, 2, 0.5]));
    const names = forward.layers[0]?.internals.map((t) => t.name);
    expect(names).toEqual(['body.0.output', 'body.0.pre_activation', 'skip']);
    expect(Array.from(forward.layers[0]?.values ?? [])).toEqual([-1, 4, 1]);  // relu(x) + x
    net.dispose();
  });
});

describe('one neuron at a time', () => {
  it('topContributionsInto ranks only that neuron\'s inputs, like a brute force', () => {
    const net = engine.buildNetwork({ input: 6, loss: 'mse', layers: [{ type: 'dense', units: 4, init: 'xavier_uniform' }] }, 5);
    const x = new Float32Array([0.5, -1, 0, 2, 0.25, -0.75]);
    net.forwardAll(x);
    const w = net.weights(0, 'weight').values;  // (6, 4)
    const neuron = 2;
    const brute = Array.from(x, (a, i) => ({ from: i, value: w[i * 4 + neuron]! * a }))
      .filter((c) => x[c.from] !== 0)
      .sort((p, q) => Math.abs(q.value) - Math.abs(p.value));
    const top = net.topContributionsInto(0, neuron, 3);
    expect(Array.from(top.from)).toEqual(brute.slice(0, 3).map((c) => c.from));
    expect(Array.from(top.to)).toEqual([neuron, neuron, neuron]);
    expect(errorOf(() => net.topContributionsInto(0, 4, 3))).toBe('layer 0 has 4 neurons, not 5');
    net.dispose();
  });
});

describe('traces of every layer type', () => {
  it('a CNN traces: each layer has its output and ∂L/∂output, and the top gradient is p − t', () => {
    const net = engine.buildNetwork({
      input: [1, 4, 4], loss: 'softmax_cross_entropy',
      layers: [
        { type: 'conv2d', filters: 2, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
        { type: 'flatten' }, { type: 'dense', units: 3 },
      ],
    }, 3);
    const x = Float32Array.from({ length: 16 }, (_, i) => (i % 5) / 4);
    const t = new Float32Array([0, 1, 0]);
    const trace = net.trace(x, t, 0.1);
    expect(trace.allLayers.map((l) => l.type)).toEqual(['conv2d', 'relu', 'maxpool2d', 'flatten', 'dense']);
    expect(trace.allLayers[0]?.shape).toEqual([2, 4, 4]);
    const top = trace.allLayers[4]!;
    // Softmax cross-entropy: ∂L/∂z = p − t, with p the trace's output.
    top.gradient.forEach((g, k) => expect(g).toBeCloseTo(trace.output[k]! - t[k]!, 6));
    // Flatten passes the gradient through unchanged: its ∂L/∂output is the dense input gradient.
    expect(trace.allLayers[3]?.gradient.length).toBe(8);
    expect(trace.layers.map((l) => l.layer)).toEqual([4]);
    net.dispose();
  });
});

describe('token ids and class ids', () => {
  it('trains on Int32Array token inputs with one class id per sample ("count the 1s")', () => {
    const inputs = new Int32Array(16 * 4);
    const targets = new Int32Array(16);
    for (let n = 0; n < 16; n++) {
      let ones = 0;
      for (let t = 0; t < 4; t++) {
        const bit = (n >> t) & 1;
        inputs[n * 4 + t] = bit;
        ones += bit;
      }
      targets[n] = ones;
    }
    const architecture = JSON.stringify({
      input: 4, vocabulary: 2,
      layers: [{ type: 'dense', units: 16 }, { type: 'relu' }, { type: 'dense', units: 5 }],
    });
    const session = engine.startTraining({ json: architecture }, { inputs, targets, count: 16 },
      { optimizer: 'adam', learningRate: 0.02, batchSize: 16, seed: 3 });
    session.step(600);
    const result = session.evaluate({ inputs, targets, count: 16 });
    expect(result.correct).toBe(16);
    expect(result.classes).toBe(5);
    // Live parameters: a Network of the same architecture given them predicts the same.
    const net = engine.buildNetwork(architecture);
    net.setParameters(session.parameters());
    const probabilities = net.predict(new Float32Array([1, 1, 0, 1]));
    expect(probabilities.indexOf(Math.max(...probabilities))).toBe(3);
    expect(errorOf(() => net.predict(new Float32Array([1, 2, 0, 1]))))
      .toBe('token 1 of sample 0 is 2.000000; token ids must be whole numbers in [0, 2)');
    net.dispose();
    session.dispose();
  });

  it('class ids per time step: −1 positions are not counted', () => {
    const inputs = new Float32Array([1, 0, 0, 1, /* sample 2 */ 0, 1, 1, 0]);
    const targets = new Int32Array([0, -1, -1, 0]);  // (2 samples, 2 steps)
    const session = engine.startTraining({ json: JSON.stringify({ input: [2, 2], layers: [{ type: 'dense', units: 2 }] }) },
      { inputs, targets, count: 2 }, { optimizer: 'adam', learningRate: 0.05, batchSize: 2 });
    session.step(50);
    const result = session.evaluate({ inputs, targets, count: 2 });
    expect(result.count).toBe(2);
    expect(result.correct).toBe(2);
    session.dispose();
  });
});
