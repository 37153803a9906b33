// What the Sequences page reads from the engine's trace (web/src/sequences/
// trace.ts): the trace target built from a test example (value, one-hot, or
// one row per step with unscored steps all zero), and the recurrent layer's
// internals with their sizes, through the real wasm engine.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { exampleTarget, inspectionOf } from '../../web/src/sequences/trace';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

describe('exampleTarget', () => {
  it('is the value for adding, and the class ids (per step for copy_memory, −1 unscored) otherwise', () => {
    const adding = engine.makeSequenceTask('adding', { length: 6, trainSamples: 4, testSamples: 4 });
    const value = exampleTarget(adding, 2);
    expect(value).toBeInstanceOf(Float32Array);
    expect(Array.from(value)).toEqual([adding.test.targets[2]]);

    const count = engine.makeSequenceTask('count_ones', { length: 5, trainSamples: 4, testSamples: 4 });
    const id = exampleTarget(count, 1);
    expect(id).toBeInstanceOf(Int32Array);
    expect(Array.from(id)).toEqual([count.test.targets[1]]);

    const copy = engine.makeSequenceTask('copy_memory', { length: 10, trainSamples: 2, testSamples: 2 });
    const ids = exampleTarget(copy, 0);
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids)).toEqual(Array.from(copy.test.targets.slice(0, 10)));
    expect(Array.from(ids.slice(0, 7))).toEqual(new Array(7).fill(-1));
  });

  it('traces copy_memory with the trainer\'s loss: the step-through\'s ‖∂L/∂h_t‖ is the engine\'s gradient through time of that example', () => {
    const data = engine.makeSequenceTask('copy_memory', { seed: 5, length: 10, trainSamples: 16, testSamples: 3 });
    const session = engine.startTraining({ json: engine.sequenceArchitecture('copy_memory', 'gru', 4, 10) }, data.train, { seed: 2 });
    try {
      const trace = session.trace(data.test.inputs.slice(0, data.test.inputSize), exampleTarget(data, 0));
      const single = { ...data.test, inputs: data.test.inputs.slice(0, data.test.inputSize), targets: data.test.targets.slice(0, 10), count: 1 };
      const profile = session.gradientThroughTime(single, 1).profile;
      inspectionOf('gru', trace, data).gradNorm.forEach((v, t) => expect(v).toBeCloseTo(profile[t]!, 6));
    } finally {
      session.dispose();
    }
  });
});

describe('inspectionOf', () => {
  it('reads h_t, the gates, c_t and ‖∂L/∂h_t‖ of an LSTM trained a few steps', () => {
    const data = engine.makeSequenceTask('adding', { seed: 3, length: 7, trainSamples: 64, testSamples: 8 });
    const json = engine.sequenceArchitecture('adding', 'lstm', 5, 7);
    const session = engine.startTraining({ json }, data.train, { optimizer: 'adam', learningRate: 0.01, batchSize: 16, seed: 3 });
    try {
      session.step(3);
      const input = data.test.inputs.slice(0, 14);
      const trace = session.trace(input, exampleTarget(data, 0));
      const c = inspectionOf('lstm', trace, data);
      expect([c.units, c.features, c.gateCount]).toEqual([5, 2, 4]);
      expect([c.hidden.length, c.gates.length, c.pre.length, c.cellState.length, c.gradNorm.length]).toEqual([35, 140, 140, 35, 7]);
      expect(Array.from(c.input)).toEqual(Array.from(input));
      // Only h_T reaches the dense layer: ‖∂L/∂h_T‖ is the norm of the gradient the layer receives.
      expect(c.gradNorm[6]).toBeCloseTo(Math.hypot(...Array.from(trace.allLayers[0]!.gradient)), 6);
      // The engine's c_t = f ⊙ c_{t−1} + i ⊙ g, checked at t = 2 for unit 0 (gates t × (i, f, g, o) × unit).
      const g = (t: number, k: number, j: number): number => c.gates[(t * 4 + k) * 5 + j]!;
      expect(c.cellState[5]).toBeCloseTo(g(1, 1, 0) * c.cellState[0]! + g(1, 0, 0) * g(1, 2, 0), 6);
    } finally {
      session.dispose();
    }
  });

  it('has no gates and no c_t for the RNN, and refuses a model without a recurrent first layer', () => {
    const data = engine.makeSequenceTask('parity', { length: 4, trainSamples: 8, testSamples: 2 });
    const session = engine.startTraining({ json: engine.sequenceArchitecture('parity', 'rnn', 3, 4) }, data.train, { seed: 1 });
    try {
      const c = inspectionOf('rnn', session.trace(data.test.inputs.slice(0, 4), exampleTarget(data, 0)), data);
      expect([c.hidden.length, c.gates.length, c.pre.length, c.cellState.length, c.gateCount]).toEqual([12, 0, 12, 0, 0]);
    } finally {
      session.dispose();
    }
    const net = engine.buildNetwork({ input: [4], loss: 'mse', layers: [{ type: 'dense', units: 1 }] });
    try {
      const trace = net.trace(new Float32Array(4), new Float32Array(1), 0.1);
      expect(() => inspectionOf('rnn', trace, data)).toThrow('the traced model does not start with a recurrent layer');
    } finally {
      net.dispose();
    }
  });
});
