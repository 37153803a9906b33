import type { RawNetwork } from './wasm/glassbox.mjs';
import { copyBytes, copyFloats, unwrap } from './result';

/**
 * A trained network living in wasm memory. Owns one embind object: call
 * `dispose()` when done, or its memory stays allocated for the page's life.
 */
export class Network {
  #raw: RawNetwork | null;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly parameterCount: number;

  /** Internal: use `engine.networkFromSafetensors()`. Takes ownership of `raw`. */
  constructor(raw: RawNetwork) {
    this.#raw = raw;
    // Sizes never change; read them once instead of crossing the boundary per call.
    this.inputSize = raw.inputSize();
    this.outputSize = raw.outputSize();
    this.parameterCount = raw.parameterCount();
  }

  get disposed(): boolean {
    return this.#raw === null;
  }

  /** Class probabilities (softmax) or raw outputs, length `outputSize`. */
  predict(input: Float32Array): Float32Array {
    return copyFloats(unwrap(this.#live().predict(input), 'predict'));
  }

  /** The architecture as the engine describes it (parsed JSON). */
  architecture(): unknown {
    return JSON.parse(this.#live().architectureJson()) as unknown;
  }

  toSafetensors(): Uint8Array {
    return copyBytes(unwrap(this.#live().toSafetensors(), 'toSafetensors'));
  }

  /** Frees the wasm-side object. Safe to call more than once. */
  dispose(): void {
    if (this.#raw === null) return;
    this.#raw.delete();
    this.#raw = null;
  }

  #live(): RawNetwork {
    if (this.#raw === null) throw new Error('This network was disposed and can no longer be used.');
    return this.#raw;
  }
}
