// The typed facade over the wasm module: the only code in web/ that touches it.
// Callers get plain typed arrays and thrown Errors; they never see embind
// objects or status results.
import type { GlassboxModule, ModuleOptions } from './wasm/glassbox.mjs';
import wasmUrl from './wasm/glassbox.wasm?url';
import { Network } from './network';
import { copyBytes, copyFloats, describeLoadError, unwrap } from './result';

import { TrainingSession, type ArchitectureOptions, type TrainingData, type TrainingOptions } from './training';

export { Network } from './network';
export * from './training';

export interface LoadEngineOptions {
  /** The module's .wasm bytes. Given in node (tests); the browser fetches the bundled file. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export interface IdxData {
  /** e.g. [n, 28, 28] for images, [n] for labels */
  dims: number[];
  data: Uint8Array;
}

export interface Engine {
  readonly version: string;
  /**
   * Canvas RGBA pixels (white ink on black or transparent) to the 784 floats an
   * MNIST network expects: cropped, scaled to 20×20, centred by mass in 28×28.
   */
  preprocessDigit(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Float32Array;
  readIdx(bytes: Uint8Array): IdxData;
  /** Throws if the bytes are not a model this engine can read. */
  networkFromSafetensors(bytes: Uint8Array): Network;
  /**
   * Builds a model and starts training it on `data`. Throws an Error naming the
   * bad field and its allowed range (e.g. "options.batchSize must be …").
   */
  startTraining(architecture: ArchitectureOptions, data: TrainingData, options?: TrainingOptions): TrainingSession;
}

class GlassboxEngine implements Engine {
  readonly #module: GlassboxModule;
  readonly version: string;

  constructor(module: GlassboxModule) {
    this.#module = module;
    this.version = module.version();
  }

  preprocessDigit(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Float32Array {
    // ImageData gives a Uint8ClampedArray; view the same bytes as Uint8Array (no copy).
    const bytes = rgba instanceof Uint8Array ? rgba : new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    return copyFloats(unwrap(this.#module.preprocessDigit(bytes, width, height), 'preprocessDigit'));
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
  const moduleOptions: ModuleOptions = options.wasmBinary !== undefined
    ? { wasmBinary: options.wasmBinary }
    : { locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl : path) };
  try {
    const { default: createGlassbox } = await import('./wasm/glassbox.mjs');
    return new GlassboxEngine(await createGlassbox(moduleOptions));
  } catch (error) {
    throw new Error(`The Glassbox engine failed to load: ${describeLoadError(error)}`, { cause: error });
  }
}

