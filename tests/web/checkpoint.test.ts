// Issue 13, part 7: a run saved with TrainingSession.saveState() and restored
// into a fresh session started the same way continues bit-identically, in
// wasm through the facade (the engine's Catch2 test holds the same natively).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, TrainingData, TrainingOptions } from '../../web/src/engine';
import { MNIST_TEST_IMAGES, MNIST_TEST_LABELS } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
let data: TrainingData;

beforeAll(async () => {
  engine = await loadTestEngine();
  data = { idxImages: new Uint8Array(readFileSync(MNIST_TEST_IMAGES)), idxLabels: new Uint8Array(readFileSync(MNIST_TEST_LABELS)), limit: 300 };
});

const architecture = { sizes: [784, 24, 10] };
const options: TrainingOptions = { optimizer: 'adam', learningRate: 0.003, batchSize: 32, seed: 5, shiftPixels: 2, imageWidth: 28, imageHeight: 28 };

describe('training checkpoints', () => {
  it('resume after 7 steps gives bit-identical weights to an uninterrupted run of 7 + 25 (Adam, shifted digits)', () => {
    const whole = engine.startTraining(architecture, data, options);
    const wholeLosses = Array.from({ length: 32 }, () => whole.step(1).meanLoss);

    const first = engine.startTraining(architecture, data, options);
    for (let i = 0; i < 7; i++) first.step(1);
    const state = first.saveState();
    first.dispose();

    const resumed = engine.startTraining(architecture, data, options);
    resumed.restoreState(state);
    const resumedLosses = Array.from({ length: 25 }, () => resumed.step(1));
    // 300 samples / 32 = 10 batches an epoch: the run crossed 3 epoch boundaries (reshuffles).
    expect(resumedLosses.at(-1)!.totalSteps).toBe(32);
    expect(resumedLosses.at(-1)!.epoch).toBe(3);
    expect(resumedLosses.map((s) => s.meanLoss)).toEqual(wholeLosses.slice(7));
    expect(resumed.parameters()).toEqual(whole.parameters());
    // A fresh session with only the weights copied does not match: the optimizer state and position matter.
    const naive = engine.startTraining(architecture, data, options);
    naive.step(25);
    expect(naive.parameters()).not.toEqual(whole.parameters());
    for (const s of [whole, resumed, naive]) s.dispose();
  });

  it('refuses a state from other data, another optimizer or damaged bytes, and keeps running', () => {
    const saved = engine.startTraining(architecture, data, options);
    saved.step(3);
    const state = saved.saveState();
    saved.dispose();

    const otherData = engine.startTraining(architecture, { ...data, limit: 200 }, options);
    expect(() => otherData.restoreState(state)).toThrow('this checkpoint was trained on other data (300 samples); resume it with the same training set');
    otherData.step(1);
    otherData.dispose();
    const otherOptimizer = engine.startTraining(architecture, data, { ...options, optimizer: 'sgd' });
    expect(() => otherOptimizer.restoreState(state)).toThrow('this checkpoint was trained with adam, not sgd');
    expect(() => otherOptimizer.restoreState(state.subarray(0, 40))).toThrow(/^checkpoint is truncated in /);
    expect(() => otherOptimizer.restoreState(new Uint8Array([1, 2, 3]))).toThrow('not a Glassbox training checkpoint (it must start with GBTRAIN1)');
    expect(() => otherOptimizer.restoreState([1, 2] as unknown as Uint8Array)).toThrow('restoreState: the saved state must be a Uint8Array, got an array');
    expect(otherOptimizer.step(1).totalSteps).toBe(1);
    otherOptimizer.dispose();
  });
});
