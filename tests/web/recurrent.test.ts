// Recurrent layers and sequence tasks through wasm: the catalog's fields,
// internals shapes (h_t, gates, c_t, ‖∂L/∂h_t‖), a value computed by hand,
// int32 token inputs, and the sequence tasks' data and errors.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';
import { errorOf } from './helpers/errors';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

describe('recurrent layers', () => {
  it('are in the catalog with units, return_sequences and truncate', () => {
    const layers = engine.catalog().layers;
    for (const name of ['rnn', 'lstm', 'gru']) {
      const layer = layers.find((l) => l.name === name);
      expect(layer?.fields.map((f) => f.name)).toEqual(['units', 'return_sequences', 'truncate']);
      expect(layer?.fields[0]).toMatchObject({ kind: 'count', required: true, min: 1, max: 4096 });
      expect(layer?.fields[1]).toMatchObject({ kind: 'flag', default: true });
      expect(layer?.fields[2]).toMatchObject({ kind: 'count', required: false, default: 0, min: 0, max: 100000 });
    }
  });

  it('expose h_t, the gates, c_t and the gradient norm per step, with PyTorch tensor shapes', () => {
    const net = engine.buildNetwork({ input: [5, 3], loss: 'mse', layers: [{ type: 'lstm', units: 4 }] }, 2);
    try {
      expect(net.layers()[0]!.tensors.map((t) => [t.name, t.shape])).toEqual([
        ['weight_ih', [16, 3]],
        ['weight_hh', [16, 4]],
        ['bias_ih', [16]],
        ['bias_hh', [16]],
      ]);
      const forward = net.forwardAll(new Float32Array(15).map((_, i) => Math.sin(i)));
      const lstm = forward.layers[0]!;
      expect(lstm.shape).toEqual([5, 4]);
      expect(lstm.internals.map((i) => [i.name, i.shape, i.values.length])).toEqual([
        ['hidden', [5, 4], 20],
        ['gates', [5, 4, 4], 80],
        ['cell', [5, 4], 20],
        ['pre_activation', [5, 4, 4], 80],
        ['grad_norm', [5], 5],
      ]);
      // The layer's output is h_t for every t.
      expect(Array.from(lstm.internals[0]!.values)).toEqual(Array.from(lstm.values));
      // Gates are sigmoids (i, f, o) and a tanh (g): all inside (−1, 1), i/f/o inside (0, 1).
      const gates = lstm.internals[1]!.values;
      for (let t = 0; t < 5; t++) {
        for (const gate of [0, 1, 3]) for (let j = 0; j < 4; j++) expect(gates[(t * 4 + gate) * 4 + j]).toBeGreaterThan(0);
      }
    } finally {
      net.dispose();
    }
    const gru = engine.buildNetwork({ input: [4, 2], loss: 'mse', layers: [{ type: 'gru', units: 3, return_sequences: false }] }, 1);
    try {
      const layer = gru.forwardAll(new Float32Array(8).fill(0.5)).layers[0]!;
      expect(layer.shape).toEqual([3]);
      expect(layer.internals.map((i) => [i.name, i.shape])).toEqual([
        ['hidden', [4, 3]],
        ['gates', [4, 3, 3]],
        ['pre_activation', [4, 3, 3]],
        ['grad_norm', [4]],
      ]);
    } finally {
      gru.dispose();
    }
  });

  it('trace fills ‖∂L/∂h_t‖: at the last step it is the norm of the gradient the layer receives', () => {
    const arch = { input: [6, 2], loss: 'mse', layers: [{ type: 'rnn', units: 3, return_sequences: false }, { type: 'dense', units: 1 }] };
    const net = engine.buildNetwork(arch, 4);
    try {
      const trace = net.trace(new Float32Array(12).map((_, i) => Math.cos(i)), new Float32Array([1]), 0.1);
      const rnn = trace.allLayers[0]!;
      const norms = rnn.internals.find((i) => i.name === 'grad_norm')!.values;
      expect(norms.length).toBe(6);
      const received = Math.hypot(...Array.from(rnn.gradient));
      expect(norms[5]).toBeCloseTo(received, 6);
      for (const n of norms) expect(n).toBeGreaterThan(0);
    } finally {
      net.dispose();
    }
  });

  it('compute the GRU value worked out by hand in test_recurrent.cpp', () => {
    // Rows (r, z, n): W_ih = (0, 0, 1), W_hh = (0, 0, 1), b_ih = 0, b_hh = (0, 0, 0.5), x = (1, 2):
    // h₁ = 0.5 tanh(1.25) = 0.4241418, h₂ = 0.5 tanh(2 + 0.5 (h₁ + 0.5)) + 0.5 h₁ = 0.7048544.
    const net = engine.buildNetwork({ input: [2, 1], loss: 'mse', layers: [{ type: 'gru', units: 1 }] }, 1);
    try {
      net.setParameters(new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0.5]));
      const [h1, h2] = net.predict(new Float32Array([1, 2]));
      expect(h1).toBeCloseTo(0.4241418, 6);
      expect(h2).toBeCloseTo(0.7048544, 6);
    } finally {
      net.dispose();
    }
  });

  it('read int32 token ids (a bit per step) and train on them', () => {
    const data = engine.makeSequenceTask('count_ones', { length: 6, trainSamples: 256, testSamples: 64 });
    const tokens = Int32Array.from(data.train.inputs);  // the bits 0/1 as token ids
    const labels = data.train.targets;
    expect(labels).toBeInstanceOf(Int32Array);
    const arch = { input: [6], vocabulary: 2, layers: [{ type: 'gru', units: 8, return_sequences: false }, { type: 'dense', units: 7 }] };
    const session = engine.startTraining({ json: JSON.stringify(arch) }, { inputs: tokens, targets: labels, count: 256 }, { optimizer: 'adam', learningRate: 0.02, batchSize: 32, seed: 1 });
    try {
      const first = session.step(1).meanLoss;
      let last = first;
      for (let i = 0; i < 10; i++) last = session.step(16).meanLoss;
      expect(last).toBeLessThan(first * 0.5);
      const evaluation = session.evaluate({ inputs: tokens, targets: labels, count: 256 });
      expect(evaluation.accuracy).toBeGreaterThan(0.9);
    } finally {
      session.dispose();
    }
  });
});

describe('sequence tasks', () => {
  it('lists the six tasks with defaults per cell', () => {
    const tasks = engine.sequenceTasks();
    expect(tasks.map((t) => t.name)).toEqual(['count_ones', 'pattern_memory', 'adding', 'temporal_order', 'copy_memory', 'parity']);
    const adding = tasks.find((t) => t.name === 'adding')!;
    expect(adding).toMatchObject({ regression: true, features: 2, defaultLength: 10, minLength: 2, maxLength: 500 });
    expect(adding.defaults.lstm).toMatchObject({ length: 10, units: 16, steps: 600, batchSize: 32 });
    expect(tasks.find((t) => t.name === 'parity')!.defaults.rnn.length).toBe(3);
  });

  it('generates seeded data: float inputs, int32 class ids or float targets', () => {
    const adding = engine.makeSequenceTask('adding', { seed: 2, length: 20, trainSamples: 10, testSamples: 5 });
    expect(adding).toMatchObject({ length: 20, classes: 0, perStep: false });
    expect(adding.baseline).toBeCloseTo(1 / 24, 12);
    expect(adding.train.inputs.length).toBe(10 * 20 * 2);
    expect(adding.train.targets).toBeInstanceOf(Float32Array);
    expect(adding.test.count).toBe(5);
    const again = engine.makeSequenceTask('adding', { seed: 2, length: 20, trainSamples: 10, testSamples: 5 });
    expect(Array.from(again.train.inputs)).toEqual(Array.from(adding.train.inputs));

    const copy = engine.makeSequenceTask('copy_memory', { length: 12, trainSamples: 3 });
    expect(copy).toMatchObject({ perStep: true, classes: 4, baseline: 0.25 });
    expect(copy.train.targetSize).toBe(12);
    expect(Array.from(copy.train.targets.slice(0, 9))).toEqual(new Array(9).fill(-1));

    expect(engine.sequenceArchitecture('adding', 'rnn', 8, 50)).toBe(
      '{"input": [50, 2], "loss": "mse", "layers": [{"type": "rnn", "units": 8, "return_sequences": false}, {"type": "dense", "units": 1}]}',
    );
  });

  it('rejects bad names, options and lengths with the engine\'s messages', () => {
    expect(errorOf(() => engine.makeSequenceTask('sort'))).toBe(
      "unknown sequence task 'sort'; known: count_ones, pattern_memory, adding, temporal_order, copy_memory, parity",
    );
    expect(errorOf(() => engine.makeSequenceTask('adding', { length: 1 }))).toBe('options.length must be a whole number from 2 to 500, got 1');
    expect(errorOf(() => engine.makeSequenceTask('adding', { lenght: 5 } as object))).toMatch(/^unknown option "lenght"; allowed: /);
    expect(errorOf(() => engine.sequenceArchitecture('adding', 'tree' as 'rnn', 8, 10))).toBe("unknown cell 'tree'; known: rnn, lstm, gru");
    expect(errorOf(() => engine.buildNetwork({ input: [1, 4, 4], layers: [{ type: 'rnn', units: 2 }] }))).toBe(
      'layer 0: rnn needs a sequence: an input of shape [T, features] or [T], got [1, 4, 4]',
    );
  });
});
