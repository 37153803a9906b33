// The messages between the page and the training worker, and the pure
// translation of the panel's settings into the engine's architecture and
// options. No DOM, no Worker: unit-tested in node.
import type { ArchitectureOptions, Engine, Network, OptimizerName, TrainingOptions } from '../engine';
import { hasWeightMatrix, weightShape } from '../engine/structure';

export type ModelPreset = 'mlp' | 'wide' | 'lenet' | 'custom';

/** The optimizers the engine knows, from its catalog (the picker lists these). */
export function optimizerNames(engine: Engine): OptimizerName[] {
  return engine.catalog().optimizers as OptimizerName[];
}

/** Mirrors scripts/architectures/lenet.json (a test holds the two equal). */
export const LENET = {
  input: [1, 28, 28],
  loss: 'softmax_cross_entropy',
  layers: [
    { type: 'conv2d', filters: 12, kernel: 5, padding: 2 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 24, kernel: 5 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 128 },
    { type: 'relu' },
    { type: 'dense', units: 10 },
  ],
};

export const PRESETS: Record<ModelPreset, { label: string; hidden: number[] | null }> = {
  mlp: { label: 'MLP 784-128-64-10', hidden: [128, 64] },
  wide: { label: 'Wide MLP 784-256-128-10', hidden: [256, 128] },
  lenet: { label: 'LeNet CNN (2 conv + 2 dense)', hidden: null },
  custom: { label: 'Custom MLP', hidden: null },
};

/** Everything the panel lets the user choose. */
export interface TrainConfig {
  preset: ModelPreset;
  /** Hidden layer sizes of a custom MLP (input 784 and output 10 are fixed). */
  customHidden: number[];
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Random shifts of up to 2 pixels. */
  shift: boolean;
  seed: number;
  /** Train on the first `limit` training images only (null: all 60,000). */
  limit: number | null;
}

export const DEFAULT_CONFIG: TrainConfig = {
  preset: 'mlp',
  customHidden: [128, 64],
  optimizer: 'adam',
  learningRate: 0.003,
  batchSize: 16,
  epochs: 1,
  shift: false,
  seed: 1,
  limit: null,
};

/**
 * A run saved to continue later (IndexedDB, every epoch and every 30 s): the
 * settings, where it was and the engine's whole state (TrainingSession.saveState).
 */
/** What the three charts showed up to a checkpoint, so a resumed run's charts go on from step 1, not from the resumed step. */
export interface ChartHistory {
  /** Mean loss of every batch, step 1 first. */
  losses: number[];
  /** Test accuracy points: `kind` 'full' = all 10,000 images, 'subset' = the first 1,000. */
  accuracy: { epoch: number; accuracy: number; kind: 'full' | 'subset' }[];
  /** Training speed points: seconds of training so far, samples per second. */
  speed: { seconds: number; samplesPerSecond: number }[];
}

export const emptyChartHistory = (): ChartHistory => ({ losses: [], accuracy: [], speed: [] });

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * A checkpoint's chart history when it is whole and belongs to `step` (one loss per step done, finite numbers,
 * kinds 'full' or 'subset'); null otherwise, and the charts then start at the resumed step. It comes from
 * IndexedDB, which another tab or an older version may have written.
 */
export function usableChartHistory(history: unknown, step: number): ChartHistory | null {
  if (typeof history !== 'object' || history === null) return null;
  const { losses, accuracy, speed } = history as Record<string, unknown>;
  if (!Array.isArray(losses) || !Array.isArray(accuracy) || !Array.isArray(speed) || losses.length !== step || !losses.every(finite)) return null;
  const accuracyOk = accuracy.every((p: unknown) => {
    const a = p as Record<string, unknown> | null;
    return a !== null && typeof a === 'object' && finite(a.epoch) && finite(a.accuracy) && (a.kind === 'full' || a.kind === 'subset');
  });
  const speedOk = speed.every((p: unknown) => {
    const a = p as Record<string, unknown> | null;
    return a !== null && typeof a === 'object' && finite(a.seconds) && finite(a.samplesPerSecond);
  });
  if (!accuracyOk || !speedOk) return null;
  const typed = history as ChartHistory;
  return { losses: [...typed.losses], accuracy: typed.accuracy.map((p) => ({ ...p })), speed: typed.speed.map((p) => ({ ...p })) };
}

export interface RunCheckpoint {
  config: TrainConfig;
  /** Batches done. */
  step: number;
  totalSteps: number;
  /** Seconds spent training so far. */
  elapsed: number;
  state: Uint8Array;
  /** Milliseconds since 1970. */
  date: number;
  /** Absent in checkpoints saved before the charts were kept (their charts start at the resumed step). */
  history?: ChartHistory;
}

export type PageMessage =
  /** `dataBase`: absolute URL of the folder holding the MNIST .gz files; `resume`: continue a saved run. */
  | { type: 'start'; config: TrainConfig; dataBase: string; resume?: RunCheckpoint }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export interface EpochResult {
  /** Epochs completed (1 after the first). */
  epoch: number;
  step: number;
  accuracy: number;
  meanLoss: number;
  /** 10 × 10, row = true class. */
  confusion: number[];
  /** Predicted class of each test image. */
  predictions: Uint8Array;
}

export type WorkerMessage =
  | { type: 'status'; text: string }
  | {
      type: 'started';
      architecture: string;
      trainCount: number;
      batchesPerEpoch: number;
      totalSteps: number;
      /** Test pixels (count × 784 bytes, no header) and labels, for drawing the confusion cells. */
      testImages: Uint8Array;
      testLabels: Uint8Array;
    }
  | {
      type: 'progress';
      /** Batches done so far. */
      step: number;
      totalSteps: number;
      /** Fractional epochs done. */
      epoch: number;
      /** The loss of each batch since the last progress message. */
      losses: number[];
      samplesPerSecond: number;
      /** Seconds spent training (pauses excluded). */
      elapsed: number;
      learningRate: number;
    }
  | { type: 'subset'; step: number; epoch: number; accuracy: number }
  /**
   * The model being trained, about every second, for the digit page and its
   * 3D view: the whole model (.safetensors) once at the start of a run, then
   * only its parameters, in `Network.parameters()`'s layout.
   */
  | { type: 'snapshot'; step: number; model: Uint8Array | null; parameters: Float32Array | null }
  | ({ type: 'epoch' } & EpochResult)
  | { type: 'paused' }
  | { type: 'resumed' }
  | {
      type: 'done';
      stopped: boolean;
      /** Batches trained (0 when stopped before the first). */
      steps: number;
      /** The model as .safetensors bytes. */
      model: Uint8Array;
      architecture: string;
      /** The last full test evaluation. */
      final: EpochResult;
      /** Wall-clock seconds from the start message to the saved model (loading and evaluations included, pauses not). */
      seconds: number;
      /** The worker engine's allocator in-use bytes once the run's session is disposed (the leak checks read it). */
      workerInUseBytes: number;
    }
  | { type: 'checkpoint'; checkpoint: RunCheckpoint }
  | { type: 'error'; message: string };

/** "128, 64" → [128, 64]; throws a message naming the problem. */
export function parseHiddenSizes(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new Error('Give at least one hidden layer size, e.g. "128, 64".');
  if (parts.length > 8) throw new Error('At most 8 hidden layers.');
  return parts.map((part) => {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1 || n > 4096) throw new Error(`Layer sizes must be whole numbers from 1 to 4096, got "${part}".`);
    return n;
  });
}

export function architectureFor(config: TrainConfig): ArchitectureOptions {
  if (config.preset === 'lenet') return { json: JSON.stringify(LENET) };
  const hidden = config.preset === 'custom' ? config.customHidden : PRESETS[config.preset].hidden!;
  return { sizes: [784, ...hidden, 10] };
}

export function describeArchitecture(config: TrainConfig): string {
  if (config.preset === 'lenet') return 'LeNet CNN';
  const hidden = config.preset === 'custom' ? config.customHidden : PRESETS[config.preset].hidden!;
  return `MLP ${[784, ...hidden, 10].join('-')}`;
}

export function batchesPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}

/** The engine options: the chosen optimizer with a cosine schedule over the whole run. */
export function optionsFor(config: TrainConfig, trainCount: number): TrainingOptions {
  const options: TrainingOptions = {
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    seed: config.seed,
    schedule: { kind: 'cosine', totalSteps: config.epochs * batchesPerEpoch(trainCount, config.batchSize) },
  };
  if (config.shift) {
    options.shiftPixels = 2;
    options.imageWidth = 28;
    options.imageHeight = 28;
  }
  return options;
}

/** Exponential moving average of a loss curve, seeded by the first value. */
export function ema(values: readonly number[], alpha = 0.02, start?: number): number[] {
  const out: number[] = [];
  let current = start;
  for (const v of values) {
    current = current === undefined ? v : current + alpha * (v - current);
    out.push(current);
  }
  return out;
}

/** Seconds left at the current rate, or null before there is a rate. */
export function etaSeconds(step: number, totalSteps: number, elapsed: number): number | null {
  if (step <= 0 || elapsed <= 0) return null;
  return ((totalSteps - step) * elapsed) / step;
}

/** Smallest training set whose result is worth comparing with the shipped models; below it the panel warns and marks the result. */
export const SMALL_TRAINING_SET = 5000;

/** The warning for a training set of `count` images, or null when it is big enough. */
export function smallSetWarning(count: number): string | null {
  if (count >= SMALL_TRAINING_SET) return null;
  return `Only ${count.toLocaleString('en')} training images: enough to watch the network learn, too few for a model worth comparing ` +
    `with the shipped ones (they saw 60,000). The result will be marked "small training set".`;
}

export function formatDuration(seconds: number): string {
  // Under 10 s a tenth matters ("3.1 s", not "3 s").
  if (seconds < 9.95) return `${Math.max(0, seconds).toFixed(1)} s`;
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * "MLP 784-128-10" from the layers with a weight matrix (in, out), "CNN (…)"
 * when some weight is a bank of filters (out, in, k, k). Read from the
 * engine's tensor shapes, not from type names.
 */
export function describeNetwork(network: Network): string {
  const layers = network.layers();
  const dense = layers.filter((l) => hasWeightMatrix(l));
  const convs = layers.filter((l) => weightShape(l)?.length === 4).length;
  if (convs === 0 && dense.length > 0) return `MLP ${[dense[0]!.inputSize, ...dense.map((l) => l.outputSize)].join('-')}`;
  return `CNN (${convs} conv, ${dense.length} dense, ${network.parameterCount.toLocaleString('en')} parameters)`;
}
