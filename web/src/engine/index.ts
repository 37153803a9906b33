// The typed facade over the wasm module: the only code in web/ that touches it.
// Callers get plain typed arrays and thrown Errors; they never see embind
// objects or status results.
import type {
  GlassboxModule,
  ModuleOptions,
  RawCatalog,
  RawProblemData,
  RawProblemInfo,
  RawProblemSet,
  RawSequenceData,
  RawSequenceSet,
  RawSequenceTaskInfo,
  RawEmbeddingTaskInfo,
  RawTokenSet,
  RawTokenTask,
  RawTokenTaskInfo,
  RawCharCorpus,
} from './wasm/glassbox.mjs';
import wasmUrl from './wasm/glassbox.wasm?url';
import { Network } from './network';
import { copyBytes, copyFloats, describeLoadError, describeValue, unwrap } from './result';
import { embeddedWasm, offlineEngineFailure } from '../offline';

import { TrainingSession, type ArchitectureOptions, type TrainingData, type TrainingOptions } from './training';

export { Network } from './network';
export type { CharSample, ExportFormat, LayerInfo, Trace } from './network';
export * from './training';
export * from './lab';
export * from './inspect';
import { Inspector } from './inspect';
import { LabRun, type LabExperimentInfo } from './lab';

export interface LoadEngineOptions {
  /** The module's .wasm bytes. Given in node (tests); the browser fetches the bundled file. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export type ProblemInfo = RawProblemInfo;
/** What the engine accepts: layer types with their fields, activations, losses, optimizers, initializers. */
export type Catalog = RawCatalog;
export type ProblemSet = RawProblemSet;
export type ProblemData = RawProblemData;
export interface ProblemOptions {
  seed?: number;
  /** 2-D sets: training points (the test set is half as many). */
  samples?: number;
  /** 2-D sets: Gaussian jitter in [0, 1]. */
  noise?: number;
  /** blobs: 2..5. */
  classes?: number;
}

export type SequenceTaskInfo = RawSequenceTaskInfo;
export type SequenceSet = RawSequenceSet;
export type SequenceData = RawSequenceData;
export type CellType = 'rnn' | 'lstm' | 'gru';
export interface SequenceOptions {
  seed?: number;
  /** T, within the task's minLength..maxLength (default: its defaultLength). */
  length?: number;
  trainSamples?: number;
  testSamples?: number;
}
/** An attention task (copy, reverse, sort, rename, induction) with its known-good defaults. */
export type TokenTaskInfo = RawTokenTaskInfo;
/**
 * A task's seeded data: token ids and class ids per position (−1 = ignore),
 * Int32Arrays of count × T that `startTraining` takes as they are, and
 * `aligned*` (count × T × T): 1 where key j holds what query t must read.
 */
export type TokenTask = RawTokenTask;
export interface TokenTaskOptions {
  seed?: number;
  trainCount?: number;
  testCount?: number;
}
/** An embedding task (word pairs like wevi's, characters of a word list) with its known-good default. */
export type EmbeddingTaskInfo = RawEmbeddingTaskInfo;
/** Its (input token, target token) pairs: Int32Arrays of count × 1 that `startTraining` takes as they are. */
export type EmbeddingTaskData = RawTokenSet;

/** Overrides of a task's default model. */
export interface TokenModelOptions {
  layers?: number;
  heads?: number;
  dimension?: number;
  positional?: 'sinusoidal' | 'learned' | 'none';
  attentionOnly?: boolean;
}

/** The character model's embedded corpus (cited in `source`), its vocabulary and known-good defaults. */
export type CharCorpus = RawCharCorpus;
/** Windows of the corpus: tokens and next-character ids, Int32Arrays of count × window, as `startTraining` takes them. */
export interface CharData {
  train: RawTokenSet;
  test: RawTokenSet;
}
export interface CharDataOptions {
  seed?: number;
  /** Characters per window, 2..256 (default: the model's 32). */
  window?: number;
  trainCount?: number;
  testCount?: number;
}

export interface IdxData {
  /** e.g. [n, 28, 28] for images, [n] for labels */
  dims: number[];
  data: Uint8Array;
}

/** The wasm heap: what the allocator holds now, and the linear memory's size (which never shrinks). */
export interface EngineMemory {
  /** Bytes allocated by the engine and not yet freed (dlmalloc's in-use count). */
  inUseBytes: number;
  /** The wasm linear memory's size in bytes. */
  heapBytes: number;
}

export interface Engine {
  readonly version: string;
  /** For leak and heap-bound checks: a leak shows as inUseBytes growing, whatever heapBytes does. */
  memory(): EngineMemory;
  /**
   * Canvas RGBA pixels (white ink on black or transparent) to the 784 floats an
   * MNIST network expects: cropped, scaled to 20×20, centred by mass in 28×28.
   */
  preprocessDigit(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Float32Array;
  readIdx(bytes: Uint8Array): IdxData;
  /** The built-in problems (gates, circuits, Iris, 2-D sets) with known-good defaults. */
  problemCatalog(): ProblemInfo[];
  /** The engine's lists: pickers read these instead of keeping their own. */
  catalog(): Catalog;
  /**
   * A new network from an architecture (the JSON the engine reads, as an
   * object or text) with weights drawn from `seed`. Throws naming the bad field.
   */
  buildNetwork(architecture: object | string, seed?: number): Network;
  /** A problem's data, generated by the engine (seeded). */
  makeProblem(name: string, options?: ProblemOptions): ProblemData;
  /** The sequence tasks for recurrent nets, with known-good defaults per cell. */
  sequenceTasks(): SequenceTaskInfo[];
  /** A sequence task's data, generated by the engine (seeded). */
  makeSequenceTask(name: string, options?: SequenceOptions): SequenceData;
  /** The task's default network (a cell, then dense) as architecture JSON. */
  sequenceArchitecture(task: string, cell: CellType, units: number, length: number): string;
  /** The attention tasks with their default model and training settings. */
  tokenTaskCatalog(): TokenTaskInfo[];
  /** An attention task's data, generated by the engine (seeded). */
  makeTokenTask(name: string, options?: TokenTaskOptions): TokenTask;
  /** The architecture JSON of a task's model, with overrides (e.g. positional: 'none'). */
  tokenArchitecture(name: string, options?: TokenModelOptions): string;
  /** The embedding tasks (word pairs, characters) with their default model and training settings. */
  embeddingTaskCatalog(): EmbeddingTaskInfo[];
  /** An embedding task's pairs, generated by the engine. */
  makeEmbeddingTask(name: string): EmbeddingTaskData;
  /** The character model's corpus (Alice, 1865, public domain) with its defaults. */
  charCorpus(): CharCorpus;
  /** Seeded next-character windows of the corpus (training text: the first 90%, test: the rest). */
  makeCharData(options?: CharDataOptions): CharData;
  /** softmax(logits / τ) in double, as the sampler draws from it. Throws for τ outside 0.01..10. */
  temperatureProbabilities(logits: Float32Array, temperature: number): Float64Array;
  /** Throws if the bytes are not a model this engine can read. */
  networkFromSafetensors(bytes: Uint8Array): Network;
  /**
   * Builds a model and starts training it on `data`. Throws an Error naming the
   * bad field and its allowed range (e.g. "options.batchSize must be …").
   */
  startTraining(architecture: ArchitectureOptions, data: TrainingData, options?: TrainingOptions): TrainingSession;
  /** The Lab's experiments: seed 003's claims, settings and charts. */
  labCatalog(): LabExperimentInfo[];
  /**
   * Starts one Lab experiment. Throws naming an unknown experiment or setting,
   * or a value out of its range.
   */
  startLab(id: string, settings?: Record<string, number>): LabRun;
  /** The Attention page's math: PCA, cosine neighbours, one query step by step, aligned mass, the sin/cos table. */
  readonly inspect: Inspector;
}

class GlassboxEngine implements Engine {
  readonly #module: GlassboxModule;
  readonly version: string;

  constructor(module: GlassboxModule) {
    this.#module = module;
    this.version = module.version();
    this.inspect = new Inspector(module);
  }

  readonly inspect: Inspector;

  memory(): EngineMemory {
    return { inUseBytes: this.#module.heapInUseBytes(), heapBytes: this.#module.HEAP8.buffer.byteLength };
  }

  preprocessDigit(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Float32Array {
    // Only bytes: a Float32Array of the right byte length would otherwise pass as RGBA.
    if (!(rgba instanceof Uint8Array) && !(rgba instanceof Uint8ClampedArray)) {
      throw new Error(`preprocessDigit: the pixels must be RGBA bytes (a Uint8Array or Uint8ClampedArray), got ${describeValue(rgba)}`);
    }
    // A wrong length is refused before the bytes are copied into the wasm heap,
    // which never shrinks (the engine gives the same message for the same check).
    const wholeSide = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 8192;
    if (wholeSide(width) && wholeSide(height) && rgba.length !== width * height * 4) {
      throw new Error(`RGBA image has ${rgba.length} bytes; ${width}×${height} needs ${width * height * 4}`);
    }
    // ImageData gives a Uint8ClampedArray; view the same bytes as Uint8Array (no copy).
    const bytes = rgba instanceof Uint8Array ? rgba : new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    return copyFloats(unwrap(this.#module.preprocessDigit(bytes, width, height), 'preprocessDigit'));
  }

  problemCatalog(): ProblemInfo[] {
    return this.#module.problemCatalog().map((p) => ({ ...p }));
  }

  catalog(): Catalog {
    return structuredClone(this.#module.catalog());
  }

  buildNetwork(architecture: object | string, seed = 1): Network {
    const raw = new this.#module.Network();
    try {
      const text = typeof architecture === 'string' ? architecture : JSON.stringify(architecture);
      unwrap(raw.build(text, seed), 'buildNetwork');
    } catch (error) {
      raw.delete();
      throw error;
    }
    return new Network(raw);
  }

  makeProblem(name: string, options: ProblemOptions = {}): ProblemData {
    // The binding takes a std::string; embind would reject anything else with a BindingError.
    if (typeof name !== 'string') throw new Error(`makeProblem: the problem name must be a string, got ${describeValue(name)}`);
    const raw = unwrap(this.#module.makeProblem(name, options), 'makeProblem');
    const copy = (s: RawProblemSet): ProblemSet => ({ ...s, inputs: copyFloats(s.inputs), targets: copyFloats(s.targets) });
    return { train: copy(raw.train), test: copy(raw.test), multilabel: raw.multilabel };
  }

  sequenceTasks(): SequenceTaskInfo[] {
    return structuredClone(this.#module.sequenceTasks());
  }

  makeSequenceTask(name: string, options: SequenceOptions = {}): SequenceData {
    if (typeof name !== 'string') throw new Error(`makeSequenceTask: the task name must be a string, got ${describeValue(name)}`);
    const raw = unwrap(this.#module.makeSequenceTask(name, options), 'makeSequenceTask');
    const copy = (s: RawSequenceSet): SequenceSet => ({
      ...s,
      inputs: copyFloats(s.inputs),
      targets: s.targets instanceof Int32Array ? Int32Array.from(s.targets) : copyFloats(s.targets),
    });
    return { ...raw, train: copy(raw.train), test: copy(raw.test) };
  }

  sequenceArchitecture(task: string, cell: CellType, units: number, length: number): string {
    if (typeof task !== 'string' || typeof cell !== 'string') {
      throw new Error(`sequenceArchitecture: the task and cell must be strings, got ${describeValue(task)} and ${describeValue(cell)}`);
    }
    return unwrap(this.#module.sequenceArchitecture(task, cell, units, length), 'sequenceArchitecture');
  }

  tokenTaskCatalog(): TokenTaskInfo[] {
    return structuredClone(this.#module.tokenTaskCatalog());
  }

  makeTokenTask(name: string, options: TokenTaskOptions = {}): TokenTask {
    if (typeof name !== 'string') throw new Error(`makeTokenTask: the task name must be a string, got ${describeValue(name)}`);
    return unwrap(this.#module.makeTokenTask(name, options), 'makeTokenTask');
  }

  tokenArchitecture(name: string, options: TokenModelOptions = {}): string {
    if (typeof name !== 'string') throw new Error(`tokenArchitecture: the task name must be a string, got ${describeValue(name)}`);
    return unwrap(this.#module.tokenArchitecture(name, options), 'tokenArchitecture');
  }

  embeddingTaskCatalog(): EmbeddingTaskInfo[] {
    return structuredClone(this.#module.embeddingTaskCatalog());
  }

  makeEmbeddingTask(name: string): EmbeddingTaskData {
    if (typeof name !== 'string') throw new Error(`makeEmbeddingTask: the task name must be a string, got ${describeValue(name)}`);
    return unwrap(this.#module.makeEmbeddingTask(name), 'makeEmbeddingTask');
  }

  charCorpus(): CharCorpus {
    return structuredClone(this.#module.charCorpus());
  }

  makeCharData(options: CharDataOptions = {}): CharData {
    return unwrap(this.#module.makeCharData(options), 'makeCharData');
  }

  temperatureProbabilities(logits: Float32Array, temperature: number): Float64Array {
    return Float64Array.from(unwrap(this.#module.temperatureProbabilities(logits, temperature), 'temperatureProbabilities'));
  }

  readIdx(bytes: Uint8Array): IdxData {
    const idx = unwrap(this.#module.readIdx(bytes), 'readIdx');
    return { dims: Array.from(idx.dims, Number), data: copyBytes(idx.data) };
  }

  networkFromSafetensors(bytes: Uint8Array): Network {
    // An embind handle starts empty; a failed load must not leak it.
    const raw = new this.#module.Network();
    try {
      unwrap(raw.loadSafetensors(bytes), 'loadSafetensors');
    } catch (error) {
      raw.delete();
      throw error;
    }
    return new Network(raw);
  }

  labCatalog(): LabExperimentInfo[] {
    return JSON.parse(this.#module.labCatalog()) as LabExperimentInfo[];
  }

  startLab(id: string, settings: Record<string, number> = {}): LabRun {
    const raw = new this.#module.LabRun();
    try {
      unwrap(raw.start(id, settings), 'startLab');
    } catch (error) {
      raw.delete();
      throw error;
    }
    return new LabRun(raw);
  }

  startTraining(architecture: ArchitectureOptions, data: TrainingData, options: TrainingOptions = {}): TrainingSession {
    const raw = new this.#module.TrainingSession();
    try {
      unwrap(raw.start(architecture, data, options), 'startTraining');
    } catch (error) {
      raw.delete();
      throw error;
    }
    return new TrainingSession(raw);
  }
}

/**
 * Instantiates the wasm module. Imported lazily so the page can paint (and
 * show a loading state) before the engine's JS is even parsed.
 */
export async function loadEngine(options: LoadEngineOptions = {}): Promise<Engine> {
  try {
    // The classroom file embeds the bytes; a Blob-URL worker has no base URL to resolve the default name against.
    const wasmBinary = options.wasmBinary ?? (await embeddedWasm());
    const moduleOptions: ModuleOptions = wasmBinary !== undefined
      ? { wasmBinary, locateFile: (path) => path }
      : { locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl : path) };
    const { default: createGlassbox } = await import('./wasm/glassbox.mjs');
    return new GlassboxEngine(await createGlassbox(moduleOptions));
  } catch (error) {
    throw new Error(offlineEngineFailure() ?? `The Glassbox engine failed to load: ${describeLoadError(error)}`, { cause: error });
  }
}

