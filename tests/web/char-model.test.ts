// The character model through wasm: the corpus and its defaults, int32
// windows, softmax at a temperature by hand, training through TrainingSession,
// sampling and a unit's h_t on a Network, and the errors (engine/include/
// glassbox/train/char_model.hpp; tests/engine/test_char_model.cpp holds the math).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CharCorpus, CharData, Engine, Network } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';
import { errorOf } from './helpers/errors';

const ROOT = join(__dirname, '../..');
const ALLOWED = "allowed: ␣!'(),-.:;?abcdefghijklmnopqrstuvwxyz (␣ is the space)";

let engine: Engine;
let corpus: CharCorpus;
let data: CharData;
let net: Network;
beforeAll(async () => {
  engine = await loadTestEngine();
  corpus = engine.charCorpus();
  data = engine.makeCharData({ seed: 1 });
  // 20 steps: enough for the API; the default's accuracy is a Catch2 test.
  const d = corpus.defaults;
  const session = engine.startTraining({ json: d.architecture }, data.train,
    { optimizer: 'adam', learningRate: d.learningRate, batchSize: d.batchSize, seed: 1, clipNorm: d.clipNorm });
  session.step(20);
  net = engine.networkFromSafetensors(session.toSafetensors());
  session.dispose();
}, 60_000);

describe('char corpus', () => {
  it('is the cited Alice text with its sorted vocabulary and defaults', () => {
    expect(corpus.source).toBe("Lewis Carroll, Alice's Adventures in Wonderland (1865), chapter I, opening; public domain");
    expect(corpus.text.length).toBe(5001);
    expect(corpus.text.startsWith('alice was beginning to get very tired of sitting by her sister')).toBe(true);
    expect(corpus.vocabulary).toBe([...new Set(corpus.text)].sort().join(''));
    expect(corpus.trainCharacters).toBe(4501);
    expect([corpus.minTemperature, corpus.maxTemperature, corpus.maxSampleCount, corpus.maxPromptLength]).toEqual([0.01, 10, 2000, 2000]);
    expect(corpus.defaults).toMatchObject({ window: 32, units: 128, batchSize: 32, steps: 100, clipNorm: 1, trainWindows: 2000, testWindows: 256 });
    expect(corpus.defaults.learningRate).toBeCloseTo(0.01, 7);
    // The architecture the benchmark reads from scripts/architectures/char-lstm.json.
    const file = JSON.parse(readFileSync(join(ROOT, 'scripts/architectures/char-lstm.json'), 'utf8')) as { layers: object[] };
    const arch = JSON.parse(corpus.defaults.architecture) as { input: number; vocabulary: number; layers: object[] };
    expect(arch.input).toBe(32);
    expect(arch.vocabulary).toBe(37);
    expect(arch.layers).toEqual(file.layers);
  });

  it('cuts int32 windows whose labels are the next characters', () => {
    const { train, test } = data;
    expect(train.inputs).toBeInstanceOf(Int32Array);
    expect(train.targets).toBeInstanceOf(Int32Array);
    expect([train.count, train.inputSize, train.targetSize, train.inputs.length]).toEqual([2000, 32, 32, 64000]);
    expect([test.count, test.inputs.length]).toEqual([256, 8192]);
    const text = (ids: Int32Array): string => Array.from(ids, (i) => corpus.vocabulary[i]).join('');
    for (const n of [0, 1, 1999]) {
      const x = text(train.inputs.subarray(n * 32, n * 32 + 32));
      const y = text(train.targets.subarray(n * 32, n * 32 + 32));
      const at = corpus.text.indexOf(x + y.at(-1));
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at + 33).toBeLessThanOrEqual(corpus.trainCharacters);
      expect(y).toBe(corpus.text.slice(at + 1, at + 33));
    }
    const x = text(test.inputs.subarray(0, 32));
    expect(corpus.text.indexOf(x)).toBeGreaterThanOrEqual(corpus.trainCharacters);
    expect(engine.makeCharData({ seed: 1 }).train.inputs).toEqual(train.inputs);
    expect(engine.makeCharData({ seed: 2 }).train.inputs).not.toEqual(train.inputs);
    expect(engine.makeCharData({ window: 8, trainCount: 3, testCount: 2 }).train.inputs.length).toBe(24);
  });

  it('refuses bad window options by name', () => {
    expect(errorOf(() => engine.makeCharData({ window: 1 }))).toBe('options.window must be a whole number from 2 to 256, got 1');
    expect(errorOf(() => engine.makeCharData({ trainCount: 0.5 }))).toBe('options.trainCount must be a whole number from 1 to 100000, got 0.5');
    expect(errorOf(() => engine.makeCharData({ windw: 8 } as object))).toBe('unknown option "windw"; allowed: seed, testCount, trainCount, window');
  });
});

describe('softmax at a temperature', () => {
  it('matches the hand computation for z = (1, 2, 3)', () => {
    // exp((z − 3)/τ) / Σ, computed in Python's double.
    const cases: [number, number[]][] = [
      [1, [0.09003057317, 0.244728471055, 0.665240955775]],
      [0.5, [0.015876239976, 0.117310427826, 0.866813332197]],
      [2, [0.186323723226, 0.307195885718, 0.506480391056]],
    ];
    for (const [tau, want] of cases) {
      const p = engine.temperatureProbabilities(new Float32Array([1, 2, 3]), tau);
      expect(p).toBeInstanceOf(Float64Array);
      want.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 10));
    }
  });

  it('refuses a temperature outside 0.01..10 and logits that are not a Float32Array', () => {
    expect(errorOf(() => engine.temperatureProbabilities(new Float32Array([1, 2]), 0))).toBe('the temperature must be from 0.01 to 10, got 0');
    expect(errorOf(() => engine.temperatureProbabilities(new Float32Array([1, 2]), 10.5))).toBe('the temperature must be from 0.01 to 10, got 10.5');
    expect(errorOf(() => engine.temperatureProbabilities([1, 2] as unknown as Float32Array, 1))).toBe('logits must be a Float32Array, got an array');
  });
});

describe('sampling and unit activations', () => {
  it('samples count characters of the vocabulary, seeded', () => {
    const a = net.sampleText('alice ', 60, 1, 7);
    expect(a.text.length).toBe(60);
    expect([...a.text].every((ch) => corpus.vocabulary.includes(ch))).toBe(true);
    expect(a.probabilities).toBeInstanceOf(Float64Array);
    expect(a.probabilities.length).toBe(60);
    expect(net.sampleText('alice ', 60, 1, 7)).toEqual(a);
    expect(net.sampleText('alice ', 60, 1, 8).text).not.toBe(a.text);
    // At the smallest τ most picks are the argmax (probability ≈ 1; this model
    // has trained 20 steps, so a few near-ties remain), far more than at τ = 1.
    const mean = (p: Float64Array): number => p.reduce((a, b) => a + b, 0) / p.length;
    const cold = net.sampleText('alice ', 30, 0.01, 1);
    expect(cold.probabilities.filter((p) => p > 0.99).length).toBeGreaterThanOrEqual(20);
    expect(mean(cold.probabilities)).toBeGreaterThan(mean(net.sampleText('alice ', 30, 1, 1).probabilities) + 0.3);
  });

  it('gives h_t of one unit per character, equal to the LSTM layer output of a forward pass', () => {
    const text = 'the rabbit';
    const h = net.unitActivations(text, 5);
    expect(h).toBeInstanceOf(Float32Array);
    expect(h.length).toBe(text.length);
    // The same text as a 32-step input (the rest id 0, after the text: the LSTM is causal).
    const ids = new Float32Array(32);
    [...text].forEach((ch, i) => (ids[i] = corpus.vocabulary.indexOf(ch)));
    const lstm = net.forwardAll(ids).layers[1]!;
    expect(lstm.type).toBe('lstm');
    expect(lstm.shape).toEqual([32, 128]);
    for (let t = 0; t < text.length; t++) {
      expect(h[t]).toBeCloseTo(lstm.values[t * 128 + 5]!, 6);
      expect(Math.abs(h[t]!)).toBeLessThan(1);
    }
  });

  it('refuses a bad prompt, count, temperature, seed or unit with the engine message', () => {
    expect(errorOf(() => net.sampleText('Alice', 10, 1, 1))).toBe(`the character 'A' at position 1 is not in the model's vocabulary; ${ALLOWED}`);
    expect(errorOf(() => net.sampleText('', 10, 1, 1))).toBe('the prompt is empty; type at least one character to start from');
    expect(errorOf(() => net.sampleText('a', 0, 1, 1))).toBe('count must be a whole number from 1 to 2000, got 0');
    expect(errorOf(() => net.sampleText('a', 10, 0, 1))).toBe('the temperature must be from 0.01 to 10, got 0');
    expect(errorOf(() => net.sampleText('a', 10, Number.NaN, 1))).toBe('the temperature must be from 0.01 to 10, got nan');
    expect(errorOf(() => net.sampleText('a', 10, 1, -1))).toBe('seed must be a whole number from 0 to 9007199254740991, got -1');
    expect(errorOf(() => net.sampleText(5 as unknown as string, 10, 1, 1))).toBe('sampleText: the prompt must be a string, got a number');
    expect(errorOf(() => net.unitActivations('ab', 128))).toBe('unit 128 does not exist; the LSTM has units 0 to 127');
    expect(errorOf(() => net.unitActivations('a\u00e9', 0))).toBe(`the character 'é' at position 2 is not in the model's vocabulary; ${ALLOWED}`);
    const mnist = engine.buildNetwork({ input: [4], layers: [{ type: 'dense', units: 2 }] });
    expect(errorOf(() => mnist.sampleText('a', 1, 1, 1))).toBe("this model is not a character model of the 'alice' corpus (it needs 37 token inputs and 37 logits per position)");
    mnist.dispose();
    // A failed call leaves the network usable.
    expect(net.sampleText('a', 3, 1, 1).text.length).toBe(3);
  });
});
