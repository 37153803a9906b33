// Training through the engine: typed options in, stats out. The math (and
// the validation of every option) lives in the C++ engine; this file only
// gives it types and turns status results into thrown Errors.
import type { RawEvaluation, RawGradientThroughTime, RawStepStats, RawTrainingSession } from './wasm/glassbox.mjs';
import type { ExportFormat } from './network';
import { copyBytes, copyEvaluation, describeValue, copyFloats, unwrap } from './result';
import { copyTrace, type Trace } from './network';

export type ActivationName =
  | 'linear' | 'relu' | 'leaky_relu' | 'elu' | 'sigmoid' | 'tanh'
  | 'gelu' | 'gelu_erf' | 'swish' | 'softplus' | 'softmax';
export type LossName = 'softmax_cross_entropy' | 'binary_cross_entropy' | 'mse' | 'huber';
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';
export type InitName =
  | 'zeros' | 'uniform' | 'normal' | 'xavier_uniform' | 'xavier_normal'
  | 'he_uniform' | 'he_normal' | 'lecun';

/**
 * A multilayer perceptron: dense layers of `sizes` with activations between.
 * Or `{ json }`: any architecture in the engine's JSON format (CNNs, residual
 * blocks; see engine/include/glassbox/architecture.hpp).
 */
export type ArchitectureOptions = MlpOptions | { json: string };

export interface MlpOptions {
  /** Input size, hidden sizes, output size, e.g. [784, 128, 64, 10]. */
  sizes: number[];
  /** One activation for every hidden layer, or one per hidden layer. Default relu. */
  activation?: ActivationName | ActivationName[];
  /** Default softmax_cross_entropy. */
  loss?: LossName;
  /** Dropout after each hidden layer, in [0, 1). Default 0. */
  dropout?: number;
  /** Default: he_normal for the ReLU family, xavier_uniform otherwise. */
  init?: InitName;
}

export interface ScheduleOptions {
  kind: 'constant' | 'step' | 'exponential' | 'cosine';
  /** γ of step and exponential. */
  decayRate?: number;
  /** Their period, in steps. */
  decayEvery?: number;
  /** Cosine length, in steps after warmup. */
  totalSteps?: number;
  minLearningRate?: number;
  /** Linear warmup before the schedule, in steps. */
  warmupSteps?: number;
}

/**
 * Every key the engine reads. Any other key is an error naming it and listing
 * these (so `learningrate` cannot silently train at the default rate).
 */
export interface TrainingOptions {
  optimizer?: OptimizerName;
  /** In (0, 10]. Default 0.001. */
  learningRate?: number;
  momentum?: number;
  /** RMSprop's decay. */
  rho?: number;
  /** Adam's moment decays and ε. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** AdamW's decoupled decay λ. */
  weightDecay?: number;
  /** At least 1. Default 32. */
  batchSize?: number;
  /** Seeds the weights, dropout and shuffling. Default 1. */
  seed?: number;
  l1?: number;
  l2?: number;
  maxNorm?: number;
  clipNorm?: number;
  clipValue?: number;
  schedule?: ScheduleOptions;
  /** Random-shift augmentation of image inputs (imageWidth × imageHeight). */
  shiftPixels?: number;
  imageWidth?: number;
  imageHeight?: number;
}

/**
 * Samples as flat row-major arrays: inputs (count × inputSize), targets
 * (count × outputSize); or MNIST-style IDX files, parsed inside the engine.
 */
export type TrainingData =
  | {
    /** Float inputs (count × inputSize), or token ids (Int32Array, count × T) for a model with a vocabulary. */
    inputs: Float32Array | Int32Array;
    /** Float targets (count × outputs), or class ids (Int32Array: one per row of logits, −1 = ignore). */
    targets: Float32Array | Int32Array;
    count: number;
    multilabel?: boolean;
    /** Optional checks against the model (a problem set carries them). */
    inputSize?: number;
    targetSize?: number;
  }
  | { idxImages: Uint8Array; idxLabels: Uint8Array; limit?: number };

/** What one call to `step` did; see wasm/API.md. */
export type StepStats = RawStepStats;

/** Accuracy, loss and a confusion matrix (classes × classes, row = true class). */
export type Evaluation = RawEvaluation;

/** A model being trained. Owns an embind object: call `dispose()` when done. */
export type GradientThroughTime = RawGradientThroughTime;

export class TrainingSession {
  #raw: RawTrainingSession | null;

  /** Internal: use `engine.startTraining()`. Takes ownership of a started `raw`. */
  constructor(raw: RawTrainingSession) {
    this.#raw = raw;
  }

  /**
   * Runs `batches` mini-batches. Throws when training diverges (NaN, or a
   * loss that explodes; see DivergenceRule in trainer.hpp) with the engine's
   * message; the model keeps its last good weights and every later step
   * throws the same message.
   */
  step(batches: number): StepStats {
    return { ...unwrap(this.#live().step(batches), 'step') };
  }

  evaluate(data: TrainingData): Evaluation {
    return copyEvaluation(unwrap(this.#live().evaluate(data), 'evaluate'));
  }

  /** The model as a .safetensors file, loadable by `engine.networkFromSafetensors`. */
  toSafetensors(): Uint8Array {
    return copyBytes(unwrap(this.#live().toSafetensors(), 'toSafetensors'));
  }

  /**
   * The model as a PyTorch module (UTF-8 Python source with its loader) or an
   * ONNX file (opset 17), written by the engine's exporter; `modelFile` is the
   * .safetensors name the Python module's usage line loads. Throws, naming the
   * layer, when a layer cannot be exported.
   */
  exportModel(format: ExportFormat, modelFile: string): Uint8Array {
    return copyBytes(unwrap(this.#live().exportModel(format, modelFile), 'exportModel'));
  }

  /**
   * One sample through the live model: every number of its forward and
   * backward pass, and the step this run's optimizer (a copy, with its state:
   * Adam's m and v) would take on its gradient. Nothing is changed.
   */
  trace(input: Float32Array, target: Float32Array | Int32Array): Trace {
    return copyTrace(unwrap(this.#live().trace(input, target), 'trace'));
  }

  /**
   * The gradient through time of the live model's first recurrent layer over
   * the first `count` examples of `data` (engine/include/glassbox/inspect/
   * gradient_through_time.hpp): `profile[t]` is the mean over the examples of
   * ‖∂L_i/∂h_t‖, each example with its own loss, and `ratio` is
   * ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ of that profile (0 when the last is 0). Nothing changes.
   */
  gradientThroughTime(data: TrainingData, count: number): GradientThroughTime {
    const raw = unwrap(this.#live().gradientThroughTime(data, count), 'gradientThroughTime');
    return { examples: raw.examples, profile: Float64Array.from(raw.profile), ratio: raw.ratio };
  }

  /** A copy of the live model's parameters, in `Network.parameters()`'s layout. */
  parameters(): Float32Array {
    return copyFloats(unwrap(this.#live().parameters(), 'parameters'));
  }

  architecture(): unknown {
    return JSON.parse(this.#live().architectureJson()) as unknown;
  }

  /**
   * The whole run as bytes (weights, the optimizer's state such as Adam's m,
   * v and t, the shuffle order, the random generator, the step counters), to
   * continue it later with `restoreState`. Throws after a divergence.
   */
  saveState(): Uint8Array {
    return copyBytes(unwrap(this.#live().saveState(), 'saveState'));
  }

  /**
   * Continues a run saved by `saveState`: this session must have been started
   * with the same architecture, options and data. The next steps are
   * bit-identical to the ones the saved run would have taken. A mismatch throws
   * and leaves this session as it was.
   */
  restoreState(state: Uint8Array): void {
    if (!(state instanceof Uint8Array)) throw new Error(`restoreState: the saved state must be a Uint8Array, got ${describeValue(state)}`);
    unwrap(this.#live().restoreState(state), 'restoreState');
  }

  get disposed(): boolean {
    return this.#raw === null;
  }

  dispose(): void {
    if (this.#raw === null) return;
    this.#raw.delete();
    this.#raw = null;
  }

  #live(): RawTrainingSession {
    if (this.#raw === null) throw new Error('This training session was disposed and can no longer be used.');
    return this.#raw;
  }
}
