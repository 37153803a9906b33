// The attention tasks through wasm: the catalog, seeded data by each task's
// rule, architectures with overrides, the attention internals of a built
// model (probabilities, Q/K/V, the embedding table), bad input, and reversal
// trained through a TrainingSession until its map is an anti-diagonal.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';
import { errorOf } from './helpers/errors';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

type Layer = { type: string; layers?: Layer[]; kind?: string };

describe('the sequence task catalog', () => {
  it('lists the five tasks with their defaults', () => {
    const catalog = engine.tokenTaskCatalog();
    expect(catalog.map((t) => t.name)).toEqual(['copy', 'reverse', 'sort', 'rename', 'induction']);
    const rename = catalog.find((t) => t.name === 'rename')!;
    expect(rename.symbols).toEqual(['x', 'y', 'z', 'w', 'a', 'b', 'c', 'd', '=', '+', '-', '*', ':']);
    expect(rename).toMatchObject({ vocabulary: 13, tokens: 10, causal: true });
    expect(rename.defaults).toMatchObject({ learningRate: expect.closeTo(0.01, 6), batchSize: 32, maxSteps: 1000, evalEvery: 50, targetAccuracy: 0.99 });
    const arch = JSON.parse(rename.defaults.architecture) as { input: number; vocabulary: number; layers: Layer[] };
    expect(arch.input).toBe(10); // token ids of shape (T)
    expect(arch.vocabulary).toBe(13);
    expect(arch.layers.map((l) => l.type)).toEqual(['embedding', 'positional_encoding', 'residual', 'dense']);
    expect(arch.layers[2]?.layers?.map((l) => l.type)).toEqual(['attention']);
    // sort uses the pre-LN transformer block: Residual[LayerNorm, Attention], Residual[LayerNorm, Dense, GELU, Dense].
    const sort = JSON.parse(catalog.find((t) => t.name === 'sort')!.defaults.architecture) as { layers: Layer[] };
    expect(sort.layers[2]?.layers?.map((l) => l.type)).toEqual(['layernorm', 'attention']);
    expect(sort.layers[3]?.layers?.map((l) => l.type)).toEqual(['layernorm', 'dense', 'gelu', 'dense']);
  });
});

describe('sequence task data', () => {
  it('reverse: labels are the reversed tokens, aligned marks the mirrored key, seeded', () => {
    const task = engine.makeTokenTask('reverse', { seed: 3, trainCount: 20, testCount: 5 });
    expect(task.train.inputs).toBeInstanceOf(Int32Array);
    expect(task.train.inputs.length).toBe(20 * 6);
    expect(task.test.targets.length).toBe(5 * 6);
    expect(task.alignedTrain.length).toBe(20 * 6 * 6);
    for (let n = 0; n < 20; n++) {
      for (let t = 0; t < 6; t++) {
        expect(task.train.targets[n * 6 + t]).toBe(task.train.inputs[n * 6 + 5 - t]);
        for (let j = 0; j < 6; j++) expect(task.alignedTrain[(n * 6 + t) * 6 + j]).toBe(j === 5 - t ? 1 : 0);
      }
    }
    const again = engine.makeTokenTask('reverse', { seed: 3, trainCount: 20, testCount: 5 });
    expect(Array.from(again.train.inputs)).toEqual(Array.from(task.train.inputs));
  });

  it('rename: the source is a prefix, targets start at the separator, the rest is −1', () => {
    const task = engine.makeTokenTask('rename', { seed: 1, trainCount: 3, testCount: 1 });
    const targets = Array.from(task.train.targets.subarray(0, 10));
    expect(targets.slice(0, 5)).toEqual([-1, -1, -1, -1, -1]);
    expect(task.train.inputs[5]).toBe(12); // ':'
    expect(targets[6]).toBe(8); // '=' stays '='
  });

  it('refuses bad names and options with the field named', () => {
    expect(errorOf(() => engine.makeTokenTask('translate'))).toBe(
      "unknown attention task 'translate'; known: copy, reverse, sort, rename, induction");
    expect(errorOf(() => engine.makeTokenTask('copy', { trainCount: 0 }))).toBe(
      'options.trainCount must be a whole number from 1 to 100000, got 0');
    expect(errorOf(() => engine.makeTokenTask('copy', { seeds: 2 } as object))).toBe(
      'unknown option "seeds"; allowed: seed, testCount, trainCount');
    expect(errorOf(() => engine.tokenArchitecture('reverse', { positional: 'rotary' as 'none' }))).toBe(
      "options: positional encoding 'rotary' is not one of: sinusoidal, learned, none");
    expect(errorOf(() => engine.tokenArchitecture('reverse', { heads: 3 }))).toBe(
      'options: layer 2: residual layer 0: attention: 32 features do not split into 3 heads; give "head_size" or a head count that divides 32');
    expect(errorOf(() => engine.makeTokenTask(7 as unknown as string))).toBe(
      'makeTokenTask: the task name must be a string, got a number');
  });
});

describe('a built attention model', () => {
  it('shows probabilities (heads, T, T), Q/K/V per position and the embedding table', () => {
    const json = engine.tokenArchitecture('reverse', { heads: 2, positional: 'sinusoidal' });
    expect((JSON.parse(json) as { layers: Layer[] }).layers[1]).toEqual({ type: 'positional_encoding', kind: 'sinusoidal' });
    const net = engine.buildNetwork(json, 1);
    const ids = new Float32Array([0, 1, 2, 3, 4, 5]);
    const result = net.forwardAll(ids);
    const block = result.layers[2]!;
    const names = block.internals.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['body.0.probabilities', 'body.0.query', 'body.0.key', 'body.0.value', 'body.0.context']));
    const probs = block.internals.find((i) => i.name === 'body.0.probabilities')!;
    expect(probs.shape).toEqual([2, 6, 6]);
    for (let row = 0; row < 12; row++) {
      const sum = Array.from(probs.values.subarray(row * 6, row * 6 + 6)).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
    expect(block.internals.find((i) => i.name === 'body.0.query')!.shape).toEqual([6, 32]);
    const table = net.weights(0, 'weight');
    expect(table.shape).toEqual([8, 32]);
    // The embedding's output for token 2 at position 2 is its table row (then + PE).
    expect(Array.from(result.layers[0]!.values.subarray(2 * 32, 3 * 32))).toEqual(Array.from(table.values.subarray(2 * 32, 3 * 32)));
    expect(net.layers()[2]!.tensors.map((t) => t.name)).toEqual([
      'body.0.in_proj_weight', 'body.0.in_proj_bias', 'body.0.out_proj.weight', 'body.0.out_proj.bias']);
    expect(errorOf(() => net.forwardAll(new Float32Array([0, 1, 2, 3, 4, 8])))).toBe(
      'token 5 of sample 0 is 8.000000; token ids must be whole numbers in [0, 8)');
    net.dispose();
  });
});

describe('reversal trained in wasm', () => {
  it('solves the task and its map becomes an anti-diagonal (mass ≥ 0.8)', () => {
    const info = engine.tokenTaskCatalog().find((t) => t.name === 'reverse')!;
    const task = engine.makeTokenTask('reverse', { seed: 1 });
    const sample = Float32Array.from(task.test.inputs.subarray(0, 6));
    const antiDiagonalMass = (net: ReturnType<Engine['buildNetwork']>): number => {
      const probs = net.forwardAll(sample).layers[2]!.internals.find((i) => i.name === 'body.0.probabilities')!;
      let mass = 0;
      for (let t = 0; t < 6; t++) mass += probs.values[t * 6 + (5 - t)]!;
      return mass / 6;
    };
    // Untrained, the map is no anti-diagonal: the check below can fail.
    const untrained = engine.buildNetwork(info.defaults.architecture, 1);
    expect(antiDiagonalMass(untrained)).toBeLessThan(0.5);
    untrained.dispose();
    const session = engine.startTraining({ json: info.defaults.architecture }, task.train,
      { optimizer: 'adam', learningRate: info.defaults.learningRate, batchSize: info.defaults.batchSize, seed: 1 });
    let accuracy = 0;
    for (let steps = 0; steps < 400 && accuracy < 0.99; steps += 50) {
      session.step(50);
      accuracy = session.evaluate(task.test).accuracy;
    }
    expect(accuracy).toBeGreaterThanOrEqual(0.99);
    const net = engine.networkFromSafetensors(session.toSafetensors());
    session.dispose();
    expect(antiDiagonalMass(net)).toBeGreaterThanOrEqual(0.8);
    net.dispose();
  });
});
