// The training loop behind the worker: start / pause / resume / stop in,
// progress / epoch / done / error out. It takes the engine, the data loader
// and the `post` function as arguments, so node tests drive it directly
// without a Worker (worker.ts is only the wiring).
import type { Engine, TrainingData, TrainingSession } from '../engine';
import {
  architectureFor,
  batchesPerEpoch,
  describeArchitecture,
  emptyChartHistory,
  usableChartHistory,
  optionsFor,
  type ChartHistory,
  type EpochResult,
  type PageMessage,
  type RunCheckpoint,
  type TrainConfig,
  type WorkerMessage,
} from './protocol';

/** The four MNIST IDX files, as bytes (decompressed). */
export interface MnistBytes {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

export interface LoopDependencies {
  engine: Engine;
  /** The test set and at least the first `images` training images (null: all). */
  loadData(dataBase: string, images: number | null): Promise<MnistBytes>;
  post(message: WorkerMessage, transfer?: Transferable[]): void;
  /** Lets queued messages (pause, stop) run between chunks. Default: a zero-delay timeout. */
  yieldToEvents?: () => Promise<void>;
  /** Milliseconds of training per chunk, between progress messages. Default 100. */
  chunkMs?: number;
  /** Milliseconds between live accuracy checks on 1,000 test images. Default 2000. */
  subsetEveryMs?: number;
  /** Milliseconds between snapshots of the parameters for the page's views. Default 1000. */
  snapshotEveryMs?: number;
  /** Milliseconds of training between checkpoints of the whole run (also one at every epoch's end). Default 30,000. */
  checkpointEveryMs?: number;
  now?: () => number;
}

const SUBSET = 1000;

/** Image count of an IDX file (big-endian u32 after the magic number). */
export function idxCount(bytes: Uint8Array): number {
  if (bytes.length < 8) throw new Error('The MNIST file is truncated.');
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, false);
}

export class TrainingLoop {
  readonly #deps: Required<LoopDependencies>;
  #state: 'idle' | 'running' | 'paused' = 'idle';
  #stopRequested = false;
  #wake: (() => void) | null = null;

  constructor(deps: LoopDependencies) {
    this.#deps = {
      yieldToEvents: () => new Promise((done) => setTimeout(done, 0)),
      chunkMs: 100,
      subsetEveryMs: 2000,
      snapshotEveryMs: 1000,
      checkpointEveryMs: 30_000,
      now: () => performance.now(),
      ...deps,
    };
  }

  get state(): 'idle' | 'running' | 'paused' {
    return this.#state;
  }

  /** Handles one message from the page. A start resolves when the run ends. */
  async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'start':
        if (this.#state !== 'idle') {
          this.#deps.post({ type: 'error', message: 'A training run is already going; stop it first.' });
          return;
        }
        await this.#run(message.config, message.dataBase, message.resume ?? null);
        return;
      case 'pause':
        if (this.#state === 'running') this.#state = 'paused';
        return;
      case 'resume':
        if (this.#state === 'paused') {
          this.#state = 'running';
          this.#wakeUp();
        }
        return;
      case 'stop':
        if (this.#state !== 'idle') {
          this.#stopRequested = true;
          this.#wakeUp();
        }
        return;
    }
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async #run(config: TrainConfig, dataBase: string, resume: RunCheckpoint | null): Promise<void> {
    const { engine, post, now } = this.#deps;
    this.#state = 'running';
    this.#stopRequested = false;
    let session: TrainingSession | null = null;
    // The run's wall-clock time, for "Done after …": loading, building, evaluating and saving included, pauses not.
    const runStart = now();
    let pausedMs = 0;
    try {
      const wanted = config.limit === null ? '60,000' : config.limit.toLocaleString('en');
      post({ type: 'status', text: `Loading MNIST (${wanted} training and 10,000 test images)…` });
      const data = await this.#deps.loadData(dataBase, config.limit);
      const available = idxCount(data.trainImages);
      const trainCount = config.limit === null ? available : Math.max(1, Math.min(config.limit, available));
      const train: TrainingData = { idxImages: data.trainImages, idxLabels: data.trainLabels, limit: trainCount };
      const test: TrainingData = { idxImages: data.testImages, idxLabels: data.testLabels };
      const subset: TrainingData = { ...test, limit: SUBSET };
      post({ type: 'status', text: 'Building the model…' });
      session = engine.startTraining(architectureFor(config), train, optionsFor(config, trainCount));
      const perEpoch = batchesPerEpoch(trainCount, config.batchSize);
      const totalSteps = perEpoch * config.epochs;
      // A resumed run: the saved weights, optimizer state and position (the engine refuses a mismatch).
      if (resume !== null) {
        if (resume.totalSteps !== totalSteps || resume.step >= totalSteps) throw new Error(`The saved run does not fit these settings (step ${resume.step} of ${resume.totalSteps}).`);
        session.restoreState(resume.state);
      }
      const architecture = describeArchitecture(config);
      const testImages = data.testImages.slice(16);
      const testLabels = data.testLabels.slice(8);
      post(
        { type: 'started', architecture, trainCount, batchesPerEpoch: perEpoch, totalSteps, testImages, testLabels },
        [testImages.buffer, testLabels.buffer],
      );
      // The untrained model first, so the page can build its views for this architecture.
      const first = session.toSafetensors();
      post({ type: 'snapshot', step: 0, model: first, parameters: null }, [first.buffer]);
      let lastSnapshot = now();

      const evaluateAll = (step: number): EpochResult => {
        const e = session!.evaluate(test);
        return { epoch: step / perEpoch, step, accuracy: e.accuracy, meanLoss: e.meanLoss, confusion: e.confusion, predictions: e.predictions };
      };

      let step = resume?.step ?? 0;
      let elapsed = (resume?.elapsed ?? 0) * 1000;
      // Everything the charts were sent, carried in each checkpoint. A resumed run continues the saved history.
      const history: ChartHistory = (resume === null ? null : usableChartHistory(resume.history, step)) ?? emptyChartHistory();
      let lastCheckpoint = now();
      const checkpoint = (): void => {
        const state = session!.saveState();
        const copy: ChartHistory = { losses: [...history.losses], accuracy: [...history.accuracy], speed: [...history.speed] };
        post({ type: 'checkpoint', checkpoint: { config, step, totalSteps, elapsed: elapsed / 1000, state, date: Date.now(), history: copy } }, [state.buffer]);
        lastCheckpoint = now();
      };
      let lastSubset = now();
      let last: EpochResult | null = null;
      while (step < totalSteps && !this.#stopRequested) {
        if (this.state === 'paused') {
          post({ type: 'paused' });
          const pausedAt = now();
          await new Promise<void>((wake) => {
            this.#wake = wake;
          });
          pausedMs += now() - pausedAt;
          if (!this.#stopRequested) post({ type: 'resumed' });
          continue;
        }
        const start = now();
        const boundary = (Math.floor(step / perEpoch) + 1) * perEpoch;
        const losses: number[] = [];
        let samples = 0;
        let learningRate = 0;
        do {
          const stats = session.step(1);
          losses.push(stats.meanLoss);
          samples += stats.samples;
          learningRate = stats.learningRate;
          step += 1;
        } while (step < boundary && now() - start < this.#deps.chunkMs);
        const spent = Math.max(now() - start, 1e-3);
        elapsed += spent;
        history.losses.push(...losses);
        history.speed.push({ seconds: elapsed / 1000, samplesPerSecond: (samples * 1000) / spent });
        post({
          type: 'progress',
          step,
          totalSteps,
          epoch: step / perEpoch,
          losses,
          samplesPerSecond: (samples * 1000) / spent,
          elapsed: elapsed / 1000,
          learningRate,
        });
        if (step === boundary) {
          const evalStart = now();
          last = evaluateAll(step);
          elapsed += now() - evalStart;
          post({ type: 'epoch', ...last, predictions: last.predictions.slice() });
          history.accuracy.push({ epoch: last.epoch, accuracy: last.accuracy, kind: 'full' });
          lastSubset = now();
          if (step < totalSteps) checkpoint();
        } else if (now() - lastSubset >= this.#deps.subsetEveryMs) {
          const evalStart = now();
          const e = session.evaluate(subset);
          elapsed += now() - evalStart;
          post({ type: 'subset', step, epoch: step / perEpoch, accuracy: e.accuracy });
          history.accuracy.push({ epoch: step / perEpoch, accuracy: e.accuracy, kind: 'subset' });
          lastSubset = now();
        }
        if (now() - lastCheckpoint >= this.#deps.checkpointEveryMs && step < totalSteps && step !== boundary) checkpoint();
        if (now() - lastSnapshot >= this.#deps.snapshotEveryMs && step < totalSteps) {
          const parameters = session.parameters();
          post({ type: 'snapshot', step, model: null, parameters }, [parameters.buffer]);
          lastSnapshot = now();
        }
        await this.#deps.yieldToEvents();
      }

      const final = last !== null && last.step === step ? last : evaluateAll(step);
      if (final !== last) post({ type: 'epoch', ...final, predictions: final.predictions.slice() });
      const model = session.toSafetensors();
      session.dispose();
      session = null;
      const seconds = (now() - runStart - pausedMs) / 1000;
      post(
        { type: 'done', stopped: step < totalSteps, steps: step, model, architecture, final, seconds, workerInUseBytes: engine.memory().inUseBytes },
        [model.buffer],
      );
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      session?.dispose();
      this.#state = 'idle';
      this.#stopRequested = false;
      this.#wake = null;
    }
  }
}
