// The training worker's loop, driven directly in node with the real engine:
// start, progress, pause, resume, stop, and the final model loads as a Network.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { TrainingLoop, type MnistBytes } from '../../web/src/training/loop';
import {
  DEFAULT_CONFIG,
  LENET,
  architectureFor,
  describeNetwork,
  ema,
  etaSeconds,
  optionsFor,
  parseHiddenSizes,
  type PageMessage,
  type TrainConfig,
  type WorkerMessage,
} from '../../web/src/training/protocol';
import { readMnistBytes } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

const ROOT = join(__dirname, '../..');
let engine: Engine;
let data: MnistBytes;

beforeAll(async () => {
  engine = await loadTestEngine();
  data = readMnistBytes();
});

function makeLoop(options: { chunkMs?: number; snapshotEveryMs?: number } = {}) {
  const messages: WorkerMessage[] = [];
  let listener: ((m: WorkerMessage) => void) | null = null;
  const loop = new TrainingLoop({
    engine,
    loadData: () => Promise.resolve(data),
    post: (m) => {
      messages.push(m);
      listener?.(m);
    },
    chunkMs: options.chunkMs ?? 5,
    subsetEveryMs: 0,
    ...(options.snapshotEveryMs === undefined ? {} : { snapshotEveryMs: options.snapshotEveryMs }),
  });
  return {
    loop,
    messages,
    onMessage(fn: (m: WorkerMessage) => void) {
      listener = fn;
    },
    send: (m: PageMessage) => loop.handle(m),
  };
}

const tiny: TrainConfig = { ...DEFAULT_CONFIG, limit: 640, batchSize: 16, epochs: 2, customHidden: [32], preset: 'custom' };

describe('training protocol', () => {
  it('turns settings into engine architecture and options', () => {
    expect(architectureFor(DEFAULT_CONFIG)).toEqual({ sizes: [784, 128, 64, 10] });
    expect(architectureFor({ ...DEFAULT_CONFIG, preset: 'wide' })).toEqual({ sizes: [784, 256, 128, 10] });
    expect(JSON.parse((architectureFor({ ...DEFAULT_CONFIG, preset: 'lenet' }) as { json: string }).json)).toEqual(
      JSON.parse(readFileSync(join(ROOT, 'scripts/architectures/lenet.json'), 'utf8')),
    );
    expect(LENET.layers).toHaveLength(10);
    expect(optionsFor(DEFAULT_CONFIG, 60000)).toEqual({
      optimizer: 'adam', learningRate: 0.003, batchSize: 16, seed: 1, schedule: { kind: 'cosine', totalSteps: 3750 },
    });
    expect(optionsFor({ ...DEFAULT_CONFIG, shift: true, epochs: 2 }, 100)).toMatchObject({
      shiftPixels: 2, imageWidth: 28, imageHeight: 28, schedule: { totalSteps: 14 },
    });
    expect(parseHiddenSizes(' 128, 64 ')).toEqual([128, 64]);
    expect(() => parseHiddenSizes('12, x')).toThrow(/whole numbers/);
    expect(() => parseHiddenSizes('')).toThrow(/at least one/);
    expect(ema([1, 1, 3], 0.5)).toEqual([1, 1, 2]);
    expect(etaSeconds(25, 100, 10)).toBe(30);
    expect(etaSeconds(0, 100, 0)).toBeNull();
  });
});

describe('describeNetwork', () => {
  it('names an MLP by its sizes and a CNN by its layers', () => {
    for (const [config, expected] of [
      [DEFAULT_CONFIG, /^MLP 784-128-64-10$/],
      [{ ...DEFAULT_CONFIG, preset: 'lenet' }, /^CNN \(2 conv, 2 dense, [\d,]+ parameters\)$/],
    ] as const) {
      const session = engine.startTraining(architectureFor(config), { idxImages: data.trainImages, idxLabels: data.trainLabels, limit: 16 });
      const network = engine.networkFromSafetensors(session.toSafetensors());
      expect(describeNetwork(network)).toMatch(expected);
      network.dispose();
      session.dispose();
    }
  });
});

describe('training loop', () => {
  it('trains a tiny run to the end: started, progress, epochs, done with a loadable model', async () => {
    const { messages, send } = makeLoop();
    const began = performance.now();
    await send({ type: 'start', config: tiny, dataBase: 'unused' });
    const wall = (performance.now() - began) / 1000;
    const types = messages.map((m) => m.type);
    expect(types).not.toContain('error');
    const started = messages.find((m) => m.type === 'started');
    expect(started).toMatchObject({ trainCount: 640, batchesPerEpoch: 40, totalSteps: 80 });
    if (started?.type === 'started') expect(started.testImages.length).toBe(10000 * 784);
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    const losses = progress.flatMap((m) => (m.type === 'progress' ? m.losses : []));
    expect(losses).toHaveLength(80);
    expect(losses.every(Number.isFinite)).toBe(true);
    const epochs = messages.filter((m) => m.type === 'epoch');
    expect(epochs.map((m) => (m.type === 'epoch' ? m.epoch : 0))).toEqual([1, 2]);
    const done = messages.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.stopped).toBe(false);
    expect(done.steps).toBe(80);
    // "Done after" is the run's wall-clock time, from the start message to the saved model.
    console.log(`tiny run: ${wall.toFixed(2)} s measured around it, ${done.seconds.toFixed(2)} s reported`);
    expect(done.seconds).toBeLessThanOrEqual(wall);
    expect(done.seconds).toBeGreaterThan(0.95 * wall);
    expect(done.final.accuracy).toBeGreaterThan(0.5);
    expect(done.final.predictions).toHaveLength(10000);
    expect(done.final.confusion.reduce((a, b) => a + b, 0)).toBe(10000);
    const network = engine.networkFromSafetensors(done.model);
    expect(network.inputSize).toBe(784);
    expect(network.outputSize).toBe(10);
    network.dispose();
  });

  it('snapshots the model being trained: the whole model first, then its parameters as training moves them', async () => {
    const { messages, send } = makeLoop({ chunkMs: 1, snapshotEveryMs: 0 });
    await send({ type: 'start', config: tiny, dataBase: 'unused' });
    const snapshots = messages.filter((m): m is Extract<WorkerMessage, { type: 'snapshot' }> => m.type === 'snapshot');
    const types = messages.map((m) => m.type);
    // The first comes right after 'started', before any step: the untrained model, whole.
    expect(types.indexOf('snapshot')).toBe(types.indexOf('started') + 1);
    expect(snapshots[0]!.step).toBe(0);
    expect(snapshots[0]!.parameters).toBeNull();
    const network = engine.networkFromSafetensors(snapshots[0]!.model!);
    const initial = network.parameters();
    // Then parameters only, one per chunk here (every 0 ms), at growing steps, never after the last step.
    const later = snapshots.slice(1);
    expect(later.length).toBeGreaterThan(1);
    for (const s of later) {
      expect(s.model).toBeNull();
      expect(s.parameters).toHaveLength(initial.length);
      expect(s.step).toBeLessThan(80);
    }
    expect(later.map((s) => s.step)).toEqual([...later.map((s) => s.step)].sort((a, b) => a - b));
    // They load into the network and are what training made of it: not the initial weights.
    network.setParameters(later.at(-1)!.parameters!);
    expect(network.parameters()).toEqual(later.at(-1)!.parameters);
    expect(network.parameters()).not.toEqual(initial);
    network.dispose();
  });

  it('pauses, resumes and stops between chunks', async () => {
    const { loop, messages, send, onMessage } = makeLoop({ chunkMs: 1 });
    let pausedAtStep = -1;
    onMessage((m) => {
      if (m.type === 'progress' && m.step >= 3 && pausedAtStep < 0) {
        pausedAtStep = m.step;
        void send({ type: 'pause' });
      }
    });
    const run = send({ type: 'start', config: { ...tiny, epochs: 50 }, dataBase: 'unused' });
    await expect.poll(() => loop.state).toBe('paused');
    await expect.poll(() => messages.some((m) => m.type === 'paused')).toBe(true);
    const stepsWhilePaused = messages.filter((m) => m.type === 'progress').length;
    await new Promise((r) => setTimeout(r, 50));
    expect(messages.filter((m) => m.type === 'progress').length).toBe(stepsWhilePaused);
    // A second start while one runs is refused without disturbing it.
    await send({ type: 'start', config: tiny, dataBase: 'unused' });
    expect(messages.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/already/) });

    await send({ type: 'resume' });
    await expect.poll(() => messages.filter((m) => m.type === 'progress').length).toBeGreaterThan(stepsWhilePaused + 2);
    expect(messages.some((m) => m.type === 'resumed')).toBe(true);
    await send({ type: 'stop' });
    await run;
    const done = messages.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.stopped).toBe(true);
    const network = engine.networkFromSafetensors(done.model);
    expect(network.layers().length).toBeGreaterThan(0);
    network.dispose();
    expect(loop.state).toBe('idle');
  });

  it('stops before the first step when asked while the data loads', async () => {
    const { messages, send } = makeLoop();
    const run = send({ type: 'start', config: tiny, dataBase: 'unused' });
    await send({ type: 'stop' });
    await run;
    expect(messages.at(-1)).toMatchObject({ type: 'done', stopped: true, steps: 0 });
  });

  it('reports a bad setting as an error message and stays usable', async () => {
    const { loop, messages, send } = makeLoop();
    await send({ type: 'start', config: { ...tiny, batchSize: 0 }, dataBase: 'unused' });
    expect(messages.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/batchSize/) });
    expect(loop.state).toBe('idle');
    await send({ type: 'start', config: { ...tiny, epochs: 1, limit: 64 }, dataBase: 'unused' });
    expect(messages.at(-1)?.type).toBe('done');
  });
});
