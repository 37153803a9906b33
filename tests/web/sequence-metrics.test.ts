// The engine's sequence metrics through the facade (web/src/engine): the
// gradient through time (TrainingSession.gradientThroughTime) held equal to
// each example's own trace, and where a metric stands against the baseline
// (engine.sequenceStanding) at the edges of its thresholds. The Sequences
// page shows these numbers and computes none of them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

describe('gradientThroughTime', () => {
  it('is the mean of each example\'s own ‖∂L/∂h_t‖ (copy_memory: class ids per step, −1 unscored)', () => {
    const T = 9;
    const data = engine.makeSequenceTask('copy_memory', { seed: 2, length: T, trainSamples: 32, testSamples: 6 });
    const session = engine.startTraining({ json: engine.sequenceArchitecture('copy_memory', 'lstm', 6, T) }, data.train,
      { optimizer: 'adam', learningRate: 0.01, batchSize: 8, seed: 4 });
    try {
      session.step(3);
      const before = session.parameters();
      const n = 4;
      const g = session.gradientThroughTime(data.test, n);
      expect(g.examples).toBe(n);
      expect(g.profile).toBeInstanceOf(Float64Array);
      expect(g.profile.length).toBe(T);
      // The independent path: one trace per example with its class ids (the sparse loss), then the mean by hand.
      const { inputSize, targetSize } = data.test;
      const expected = new Array<number>(T).fill(0);
      for (let i = 0; i < n; i++) {
        const ids = Int32Array.from(data.test.targets.slice(i * targetSize, (i + 1) * targetSize));
        const trace = session.trace(data.test.inputs.slice(i * inputSize, (i + 1) * inputSize), ids);
        const norms = trace.allLayers[0]!.internals.find((x) => x.name === 'grad_norm')!.values;
        norms.forEach((v, t) => { expected[t]! += v / n; });
      }
      g.profile.forEach((v, t) => expect(v).toBeCloseTo(expected[t]!, 6));
      expect(g.profile[T - 1]).toBeGreaterThan(0);
      expect(g.ratio).toBeCloseTo(expected[0]! / expected[T - 1]!, 6);
      // Asking for more examples than the set holds averages all of them; nothing changes.
      expect(session.gradientThroughTime(data.test, 100).examples).toBe(6);
      expect(Array.from(session.parameters())).toEqual(Array.from(before));
    } finally {
      session.dispose();
    }
  });

  it('refuses a bad count, a model without a recurrent layer and mismatched data by name', () => {
    const data = engine.makeSequenceTask('adding', { length: 5, trainSamples: 8, testSamples: 4 });
    const session = engine.startTraining({ json: engine.sequenceArchitecture('adding', 'rnn', 3, 5) }, data.train, { seed: 1 });
    try {
      expect(() => session.gradientThroughTime(data.test, 0)).toThrow('count must be a whole number from 1 to 4096, got 0');
      expect(() => session.gradientThroughTime(data.test, '8' as unknown as number)).toThrow('count must be a number, got a string');
      const other = engine.makeSequenceTask('adding', { length: 6, trainSamples: 4, testSamples: 4 });
      expect(() => session.gradientThroughTime(other.test, 4)).toThrow('data.inputSize is 12; the model takes 10 inputs');
    } finally {
      session.dispose();
    }
    const problem = engine.makeProblem('xor');
    const dense = engine.startTraining({ sizes: [2, 4, 1], loss: 'mse' }, problem.train, { seed: 1 });
    try {
      expect(() => dense.gradientThroughTime(problem.test, 4)).toThrow('the model has no recurrent layer (rnn, lstm or gru): no gradient through time');
    } finally {
      dense.dispose();
    }
  });
});

describe('sequenceStanding', () => {
  it('for MSE: solved up to 0.1 × baseline, at baseline from 0.9 × baseline, learning between', () => {
    const b = 0.5; // 0.05 and 0.45 are exact doubles of 0.1·b and 0.9·b
    expect(engine.sequenceStanding('adding', 0.05, b)).toBe('solved');
    expect(engine.sequenceStanding('adding', 0.05 * (1 + 1e-12), b)).toBe('learning');
    expect(engine.sequenceStanding('adding', 0.45 * (1 - 1e-12), b)).toBe('learning');
    expect(engine.sequenceStanding('adding', 0.45, b)).toBe('at baseline');
    expect(engine.sequenceStanding('adding', 0.0406, 1 / 24)).toBe('at baseline');
    expect(engine.sequenceStanding('adding', Number.NaN, 1 / 24)).toBe('at baseline');
  });

  it('for accuracy: solved from 0.95, at baseline up to a tenth of the way from the baseline to 1', () => {
    expect(engine.sequenceStanding('parity', 0.95, 0.5)).toBe('solved');
    expect(engine.sequenceStanding('parity', 0.95 * (1 - 1e-12), 0.5)).toBe('learning');
    expect(engine.sequenceStanding('parity', 0.55 * (1 + 1e-12), 0.5)).toBe('learning');
    expect(engine.sequenceStanding('parity', 0.55, 0.5)).toBe('at baseline');
    expect(engine.sequenceStanding('temporal_order', 0.325 * (1 - 1e-12), 0.25)).toBe('at baseline');
    expect(engine.sequenceStanding('temporal_order', 0.33, 0.25)).toBe('learning');
  });

  it('names what was wrong', () => {
    expect(() => engine.sequenceStanding('addition', 0.1, 0.5)).toThrow("unknown sequence task 'addition'");
    expect(() => engine.sequenceStanding('adding', '0.1' as unknown as number, 0.5)).toThrow('metric must be a number, got a string');
    expect(() => engine.sequenceStanding('adding', 0.1, -1)).toThrow("adding's baseline must be a finite number at least 0, got -1.000000");
    expect(() => engine.sequenceStanding('parity', 0.9, 1.5)).toThrow("parity's baseline is an accuracy in [0, 1], got 1.500000");
  });
});
