// The Attention page's engine math through the facade (engine.inspect): PCA
// and cosine neighbours by hand, one query step against the layer's own
// probabilities and context, the aligned mass by hand, the sin/cos table by
// its formula, a token model's trace with class-id targets against the
// engine's evaluation, and bad input with clear messages.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';
import { errorOf } from './helpers/errors';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

describe('embedding map math', () => {
  it('PCA of three points on a line: ±√2 and 0, all variance on the first axis', () => {
    const table = { values: new Float32Array([-1, -1, 0, 0, 1, 1]), rows: 3, features: 2 };
    const p = engine.inspect.principalComponents(table, 2);
    expect(p.points[0]).toBeCloseTo(-Math.SQRT2, 5);
    expect(p.points[2]).toBeCloseTo(0, 5);
    expect(p.points[4]).toBeCloseTo(Math.SQRT2, 5);
    expect(p.axes[0]).toBeCloseTo(Math.SQRT1_2, 5);
    expect(p.explained[0]).toBeCloseTo(1, 6);
    expect(p.variances[0]).toBeCloseTo(4 / 3, 5);
  });

  it('nearest by cosine: (2, 0.1) first at 2/√4.01, then (0, 1) at 0, then (−1, 0) at −1', () => {
    const table = { values: new Float32Array([1, 0, 2, 0.1, 0, 1, -1, 0]), rows: 4, features: 2 };
    const n = engine.inspect.nearestByCosine(table, 0, 3);
    expect(n.map((x) => x.index)).toEqual([1, 2, 3]);
    expect(n[0]!.similarity).toBeCloseTo(2 / Math.sqrt(4.01), 6);
    expect(n[2]!.similarity).toBeCloseTo(-1, 6);
  });

  it('refuses bad tables naming what was wrong', () => {
    expect(errorOf(() => engine.inspect.principalComponents({ values: new Float32Array(6), rows: 4, features: 2 }, 1)))
      .toBe('the table has 6 values; 4 × 2 needs 8');
    expect(errorOf(() => engine.inspect.nearestByCosine({ values: new Float32Array(4), rows: 2, features: 2 }, 2, 1)))
      .toBe('token 2 is not in the table; it has 2 rows (0 to 1)');
  });
});

describe('attention step-through', () => {
  it('one query step equals the layer\'s own probabilities and context', () => {
    const info = engine.tokenTaskCatalog().find((t) => t.name === 'reverse')!;
    const net = engine.buildNetwork(info.defaults.architecture, 3);
    const task = engine.makeTokenTask('reverse', { seed: 2, trainCount: 1, testCount: 1 });
    const T = info.tokens;
    const internals = net.forwardAll(Float32Array.from(task.test.inputs)).layers[2]!.internals;
    const get = (name: string): Float32Array => internals.find((i) => i.name === `body.0.${name}`)!.values;
    const E = get('query').length / T;
    for (let t = 0; t < T; t++) {
      const step = engine.inspect.explainQuery({ query: get('query'), key: get('key'), value: get('value') },
        { tokens: T, heads: 1, headSize: E, head: 0, position: t });
      for (let j = 0; j < T; j++) {
        expect(step.probabilities[j]).toBeCloseTo(get('probabilities')[t * T + j]!, 6);
        expect(step.scores[j]).toBeCloseTo(step.dots[j]! / Math.sqrt(E), 5);
      }
      for (let i = 0; i < E; i++) expect(step.context[i]).toBeCloseTo(get('context')[t * E + i]!, 5);
      expect(step.scoreGradient).toBeUndefined();
    }
    net.dispose();
  });

  it('aligned mass by hand: (0.8 + 0.6) / 2 = 0.7', () => {
    const mass = engine.inspect.alignedMass(new Float32Array([0.2, 0.8, 0.6, 0.4]), new Uint8Array([0, 1, 1, 0]), 1, 2);
    expect(mass[0]).toBeCloseTo(0.7, 6);
  });

  it('the sinusoidal table follows PE[t][2i] = sin(t/10000^(2i/D)), PE[t][2i+1] = cos(…)', () => {
    const pe = engine.inspect.sinusoidalEncoding(3, 4);
    expect(pe.length).toBe(12);
    expect(pe[4]).toBeCloseTo(Math.sin(1), 6);
    expect(pe[5]).toBeCloseTo(Math.cos(1), 6);
    expect(pe[2 * 4 + 2]).toBeCloseTo(Math.sin(2 / 100), 6);
    expect(pe[2 * 4 + 3]).toBeCloseTo(Math.cos(2 / 100), 6);
  });

  it('a token model traced with class ids has the loss the engine\'s evaluation gives', () => {
    const info = engine.tokenTaskCatalog().find((t) => t.name === 'reverse')!;
    const task = engine.makeTokenTask('reverse', { seed: 4, trainCount: 50, testCount: 1 });
    const session = engine.startTraining({ json: info.defaults.architecture }, task.train, { optimizer: 'adam', learningRate: 0.01, seed: 1 });
    session.step(3);
    const trace = session.trace(Float32Array.from(task.test.inputs), Int32Array.from(task.test.targets));
    expect(trace.loss).toBeCloseTo(session.evaluate(task.test).meanLoss, 5);
    // The gradient reaching one query's scores: defined, and it sums to 0 over the keys (softmax).
    const layer = trace.allLayers[2]!;
    const get = (name: string): Float32Array => layer.internals.find((i) => i.name === `body.0.${name}`)!.values;
    const T = info.tokens;
    const D = layer.shape[1]!;
    const net = engine.networkFromSafetensors(session.toSafetensors());
    const out = net.weights(2, 'body.0.out_proj.weight');
    const step = engine.inspect.explainQuery({ query: get('query'), key: get('key'), value: get('value') },
      { tokens: T, heads: 1, headSize: get('query').length / T, head: 0, position: 1, outWeight: out.values, outputGradient: layer.gradient.slice(D, 2 * D) });
    expect(step.scoreGradient!.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(Math.max(...Array.from(step.scoreGradient!, Math.abs))).toBeGreaterThan(1e-6);
    net.dispose();
    session.dispose();
  });
});

describe('embedding tasks', () => {
  it('lists the word pairs and the characters with their defaults and cited sources', () => {
    const tasks = engine.embeddingTaskCatalog();
    expect(tasks.map((t) => t.name)).toEqual(['word-pairs', 'characters']);
    const words = tasks[0]!;
    expect(words.symbols).toEqual(['drink', 'eat', 'juice', 'milk', 'water', 'apple', 'orange', 'rice', 'bread']);
    expect(words.groupNames).toEqual(['verb', 'drink', 'food']);
    expect(words.defaults).toMatchObject({ dimension: 2, batchSize: 16, steps: 300 });
    expect(tasks[1]!.source).toContain('Swadesh');
    expect(tasks[1]!.symbols[0]).toBe('_');
    const data = engine.makeEmbeddingTask('word-pairs');
    expect(data.count).toBe(14 * 8);
    expect(Array.from(data.inputs.subarray(0, 2))).toEqual([0, 2]);
    expect(Array.from(data.targets.subarray(0, 2))).toEqual([2, 0]);
    expect(errorOf(() => engine.makeEmbeddingTask('glove'))).toBe("unknown embedding task 'glove'; known: word-pairs, characters");
  });
});
