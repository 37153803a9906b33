// Issue 13, part 7, through the worker's loop in node: a run checkpoints at
// every epoch's end (and every checkpointEveryMs); a new loop started from the
// checkpoint, as the page does after a closed tab, finishes with a model whose
// bytes equal an uninterrupted run's. Same steps, same optimizer state.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { TrainingLoop, type MnistBytes } from '../../web/src/training/loop';
import { DEFAULT_CONFIG, type RunCheckpoint, type TrainConfig, type WorkerMessage } from '../../web/src/training/protocol';
import { readMnistBytes } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
let data: MnistBytes;

beforeAll(async () => {
  engine = await loadTestEngine();
  data = readMnistBytes();
});

// 320 images, batches of 32: 10 steps an epoch, 3 epochs. Shift augmentation on, so the generator state matters too.
const config: TrainConfig = { ...DEFAULT_CONFIG, preset: 'custom', customHidden: [16], limit: 320, batchSize: 32, epochs: 3, shift: true, optimizer: 'adam' };

async function run(resume?: RunCheckpoint, stopAt?: number, checkpointEveryMs = 1e9): Promise<WorkerMessage[]> {
  const messages: WorkerMessage[] = [];
  const loop: TrainingLoop = new TrainingLoop({
    engine,
    loadData: () => Promise.resolve(data),
    post: (m) => {
      messages.push(m);
      if (stopAt !== undefined && m.type === 'checkpoint' && m.checkpoint.step >= stopAt) void loop.handle({ type: 'stop' });
    },
    chunkMs: 1,
    subsetEveryMs: 1e9,
    checkpointEveryMs,
  });
  await loop.handle(resume === undefined ? { type: 'start', config, dataBase: 'unused' } : { type: 'start', config, dataBase: 'unused', resume });
  return messages;
}

const doneOf = (messages: WorkerMessage[]) => {
  const done = messages.find((m) => m.type === 'done');
  if (done?.type !== 'done') throw new Error(`no done message: ${JSON.stringify(messages.filter((m) => m.type === 'error'))}`);
  return done;
};

describe('resuming a run in the worker loop', () => {
  it('checkpoints at each epoch end; resumed from one, the final model is byte-identical', async () => {
    const whole = await run();
    const checkpoints = whole.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint);
    // Epochs 1 and 2 end mid-run (the last one ends the run: no checkpoint needed).
    expect(checkpoints.map((c) => c.step)).toEqual([10, 20]);
    expect(doneOf(whole).steps).toBe(30);

    // "The tab closes" after the first checkpoint: the run is stopped there; a new loop resumes it.
    const interrupted = await run(undefined, 10);
    const saved = interrupted.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint)[0]!;
    expect(saved.step).toBe(10);
    const resumed = await run(saved);
    const progress = resumed.filter((m) => m.type === 'progress');
    expect((progress[0] as { step: number }).step).toBeGreaterThan(10);
    expect(doneOf(resumed).steps).toBe(30);
    expect(doneOf(resumed).model).toEqual(doneOf(whole).model);
    expect(doneOf(resumed).final.accuracy).toBe(doneOf(whole).final.accuracy);
  });

  it("carries the charts' history: a resumed run's checkpoint holds the same losses and accuracy points as an uninterrupted run's", async () => {
    const whole = await run();
    const lossesSent = whole.flatMap((m) => (m.type === 'progress' ? m.losses : []));
    const atTwenty = whole.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint)[1]!;
    expect(atTwenty.step).toBe(20);
    // One loss per step, exactly the values the charts were sent, and the two full evaluations at epochs 1 and 2.
    expect(atTwenty.history!.losses).toEqual(lossesSent.slice(0, 20));
    const accuracySent = whole.filter((m) => m.type === 'epoch').map((m) => (m as { accuracy: number }).accuracy);
    expect(atTwenty.history!.accuracy).toEqual([
      { epoch: 1, accuracy: accuracySent[0], kind: 'full' },
      { epoch: 2, accuracy: accuracySent[1], kind: 'full' },
    ]);
    expect(atTwenty.history!.speed.length).toBe(whole.filter((m) => m.type === 'progress' && m.step <= 20).length);

    const interrupted = await run(undefined, 10);
    const saved = interrupted.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint)[0]!;
    expect(saved.history!.losses).toEqual(lossesSent.slice(0, 10));
    const resumed = await run(saved);
    const resumedAtTwenty = resumed.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint)[0]!;
    expect(resumedAtTwenty.step).toBe(20);
    expect(resumedAtTwenty.history!.losses).toEqual(atTwenty.history!.losses);
    expect(resumedAtTwenty.history!.accuracy).toEqual(atTwenty.history!.accuracy);
  });

  it('starts the history afresh from a checkpoint whose history is missing or does not fit its step', async () => {
    const interrupted = await run(undefined, 10);
    const saved = interrupted.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint)[0]!;
    for (const history of [undefined, { ...saved.history!, losses: saved.history!.losses.slice(1) }, { ...saved.history!, losses: [...saved.history!.losses.slice(1), Number.NaN] }]) {
      // A stored checkpoint may lack its history (saved before it existed): cast, as the page's store reads it.
      const resumed = await run({ ...saved, history } as RunCheckpoint);
      const next = resumed.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint)[0]!;
      expect(next.step).toBe(20);
      expect(next.history!.losses.length).toBe(10);
      expect(doneOf(resumed).steps).toBe(30);
    }
  });

  it('also checkpoints on a timer between epoch ends (every checkpointEveryMs; 30 s in the page)', async () => {
    // A clock that has always moved on by the interval: a checkpoint after every chunk.
    const messages = await run(undefined, undefined, 0);
    const steps = messages.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint.step);
    expect(steps.some((s) => s % 10 !== 0)).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(Math.max(...steps)).toBeLessThan(30);
  });

  it('refuses a checkpoint that does not fit the settings, with a message', async () => {
    const whole = await run(undefined, 10);
    const saved = whole.filter((m) => m.type === 'checkpoint').map((m) => (m as { checkpoint: RunCheckpoint }).checkpoint)[0]!;
    const messages = await run({ ...saved, totalSteps: 99 });
    expect(messages.at(-1)).toEqual({ type: 'error', message: 'The saved run does not fit these settings (step 10 of 99).' });
  });
});
