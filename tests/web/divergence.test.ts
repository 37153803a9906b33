// A run that explodes stops with the engine's message wherever it runs: the
// training worker's loop posts it as an error, the playground shows it as
// run.error, and both can start again afterwards.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { TrainingLoop, type MnistBytes } from '../../web/src/training/loop';
import { DEFAULT_CONFIG, type TrainConfig, type WorkerMessage } from '../../web/src/training/protocol';
import { Run } from '../../web/src/playground/run';
import { parseState } from '../../web/src/playground/state';
import { readMnistBytes } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
let data: MnistBytes;
beforeAll(async () => {
  engine = await loadTestEngine();
  data = readMnistBytes();
});

describe('divergence in the training worker', () => {
  it('posts the engine message as an error, then trains the next run normally', async () => {
    const messages: WorkerMessage[] = [];
    const loop = new TrainingLoop({
      engine,
      loadData: () => Promise.resolve(data),
      post: (m) => messages.push(m),
      chunkMs: 5,
      subsetEveryMs: 1e9,
    });
    const config: TrainConfig = { ...DEFAULT_CONFIG, preset: 'custom', customHidden: [32], limit: 640, batchSize: 16, epochs: 1 };
    await loop.handle({ type: 'start', config: { ...config, optimizer: 'sgd', learningRate: 10 }, dataBase: 'unused' });
    expect(messages.at(-1)).toEqual({ type: 'error', message: 'training diverged at step 3: the loss grew from 2.333 to 154.4 (smoothed); try a learning rate below 9.938' });
    expect(messages.some((m) => m.type === 'done')).toBe(false);

    messages.length = 0;
    await loop.handle({ type: 'start', config, dataBase: 'unused' });
    expect(messages.map((m) => m.type)).not.toContain('error');
    expect(messages.at(-1)?.type).toBe('done');
  });
});

describe('divergence in the playground', () => {
  it('sets run.error to the engine message, stops stepping, and a reset trains again', () => {
    const state = parseState('?p=iris&opt=sgd&lr=10&bs=16', engine.problemCatalog());
    expect([state.optimizer, state.learningRate, state.batchSize]).toEqual(['sgd', 10, 16]);
    const run = new Run(engine, state, engine.makeProblem('iris', { seed: state.seed }));
    run.reset();
    expect(run.error).toBe('');
    expect(run.step(50)).toBe(false);
    expect(run.error).toBe('training diverged at step 3: the loss grew from 1.668 to 38.41 (smoothed); try a learning rate below 10');
    expect(run.network!.parameters().every(Number.isFinite)).toBe(true);

    run.reset({ ...state, learningRate: 0.05 });
    expect(run.error).toBe('');
    expect(run.step(50)).toBe(true);
    expect(run.error).toBe('');
    run.dispose();
  });
});
