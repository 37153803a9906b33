import type { RawContributions, RawForward, RawLayerInfo, RawNetwork, RawTrace } from './wasm/glassbox.mjs';
import { copyBytes, copyFloats, unwrap } from './result';

/** One layer's output for the current input. */
export interface LayerActivation {
  type: string;
  size: number;
  /** [n] for flat layers, [channels, height, width] for image layers (conv, pooling). */
  shape: number[];
  values: Float32Array;
}

/** Everything one forward pass computed: the answer and every layer's output. */
export interface ForwardResult {
  output: Float32Array;
  layers: LayerActivation[];
}

export type LayerInfo = RawLayerInfo;

/**
 * Every number of one forward and backward pass for one sample: per dense
 * layer z, a = f(z) and δ = ∂L/∂z; the loss; ∂L/∂θ laid out like `parameters()`.
 */
export type Trace = RawTrace;

/** The k strongest weighted inputs w·a into a dense layer, largest |w·a| first. */
export type Contributions = RawContributions;

function copyForward(raw: RawForward): ForwardResult {
  return {
    output: copyFloats(raw.output),
    layers: raw.layers.map((l) => ({ type: l.type, size: l.size, shape: [...l.shape], values: copyFloats(l.values) })),
  };
}

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

  /** One engine call: the prediction plus every layer's activations, copied out. */
  forwardAll(input: Float32Array): ForwardResult {
    return copyForward(unwrap(this.#live().forwardAll(input), 'forwardAll'));
  }

  /** `forwardAll` for `count` samples in one call: output and layer values are (count × size). */
  forwardBatch(inputs: Float32Array, count: number): ForwardResult {
    return copyForward(unwrap(this.#live().forwardBatch(inputs, count), 'forwardBatch'));
  }

  /**
   * One sample's forward and backward pass, every number copied out, plus the
   * plain-SGD step with `learningRate`. Parameters are unchanged.
   */
  trace(input: Float32Array, target: Float32Array, learningRate = 0.1): Trace {
    const t = unwrap(this.#live().trace(input, target, learningRate), 'trace');
    return {
      input: copyFloats(t.input),
      layers: t.layers.map((l) => ({
        layer: l.layer, activation: l.activation, parameterOffset: l.parameterOffset,
        z: copyFloats(l.z), a: copyFloats(l.a), delta: copyFloats(l.delta),
      })),
      output: copyFloats(t.output),
      target: copyFloats(t.target),
      loss: t.loss,
      lossName: t.lossName,
      gradients: copyFloats(t.gradients),
      sgdStep: copyFloats(t.sgdStep),
      sgdUpdated: copyFloats(t.sgdUpdated),
    };
  }

  /** Each layer's type, sizes and where its parameters sit in `parameters()`. */
  layers(): LayerInfo[] {
    return this.#live().layers().map((l) => ({ ...l }));
  }

  /** A copy of every parameter; a dense layer's W (in × out, row-major) starts at its offset, then its bias. */
  parameters(): Float32Array {
    return copyFloats(unwrap(this.#live().parameters(), 'parameters'));
  }

  /** The k largest |w·a| into dense layer `layer`, for the most recent forward pass. */
  topContributions(layer: number, k: number): Contributions {
    const raw = unwrap(this.#live().topContributions(layer, k), 'topContributions');
    return { from: new Uint32Array(raw.from), to: new Uint32Array(raw.to), value: copyFloats(raw.value) };
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
