import type { RawContributions, RawForward, RawLayerInfo, RawNetwork, RawTensor, RawTrace } from './wasm/glassbox.mjs';
import { copyBytes, copyEvaluation, copyFloats, describeValue, unwrap } from './result';
import type { Evaluation, TrainingData } from './training';

/**
 * A named tensor: one of a layer's internals (shape per sample; values hold
 * count × its size) or one of its weights.
 */
export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** One layer's output for the current input. */
export interface LayerActivation {
  type: string;
  size: number;
  /** Per sample, features last: [n], [time, n] or [channels, height, width]. */
  shape: number[];
  values: Float32Array;
  /** What the layer names inside itself, e.g. `pre_activation` (z) of an activation layer. */
  internals: NamedTensor[];
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

/** Characters sampled by a character model, and each one's probability under softmax(logits / τ). */
export interface CharSample {
  text: string;
  probabilities: Float64Array;
}

/** What `exportModel` writes: a PyTorch module (Python source) or an ONNX file. */
export type ExportFormat = 'pytorch' | 'onnx';

function copyTensor(t: RawTensor): NamedTensor {
  return { name: t.name, shape: [...t.shape], values: copyFloats(t.values) };
}

function copyForward(raw: RawForward): ForwardResult {
  return {
    output: copyFloats(raw.output),
    layers: raw.layers.map((l) => ({
      type: l.type, size: l.size, shape: [...l.shape], values: copyFloats(l.values), internals: l.internals.map(copyTensor),
    })),
  };
}

/** A trace copied out of wasm memory. */
export function copyTrace(t: RawTrace): Trace {
  return {
      input: copyFloats(t.input),
      layers: t.layers.map((l) => ({
        layer: l.layer, activation: l.activation, parameterOffset: l.parameterOffset,
        z: copyFloats(l.z), a: copyFloats(l.a), delta: copyFloats(l.delta),
      })),
      allLayers: t.allLayers.map((l) => ({
        layer: l.layer, type: l.type, shape: [...l.shape], output: copyFloats(l.output), gradient: copyFloats(l.gradient),
        parameterOffset: l.parameterOffset, parameterCount: l.parameterCount, internals: l.internals.map(copyTensor),
      })),
      output: copyFloats(t.output),
      target: copyFloats(t.target),
      loss: t.loss,
      lossName: t.lossName,
      gradients: copyFloats(t.gradients),
      optimizer: t.optimizer,
      learningRate: t.learningRate,
      step: copyFloats(t.step),
      updated: copyFloats(t.updated),
      quantities: t.quantities.map((q) => ({ name: q.name, meaning: q.meaning, values: copyFloats(q.values) })),
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
  trace(input: Float32Array, target: Float32Array | Int32Array, learningRate = 0.1): Trace {
    return copyTrace(unwrap(this.#live().trace(input, target, learningRate), 'trace'));
  }

  /** The engine's evaluation over `data`: mean loss, accuracy, confusion matrix. Parameters are unchanged. */
  evaluate(data: TrainingData): Evaluation {
    return copyEvaluation(unwrap(this.#live().evaluate(data), 'evaluate'));
  }


  /**
   * A character model only (Engine.charCorpus): `count` characters drawn after
   * `prompt` from softmax(logits / temperature) with the engine's seeded RNG,
   * and the probability each drawn character had. Throws the engine's message
   * for a character outside the vocabulary, an empty prompt, or a count or
   * temperature out of range.
   */
  sampleText(prompt: string, count: number, temperature: number, seed: number): CharSample {
    if (typeof prompt !== 'string') throw new Error(`sampleText: the prompt must be a string, got ${describeValue(prompt)}`);
    const raw = unwrap(this.#live().sampleText(prompt, count, temperature, seed), 'sampleText');
    return { text: raw.text, probabilities: Float64Array.from(raw.probabilities) };
  }

  /** A character model only: h_t of LSTM unit `unit` for every character of `text` (tanh: −1..1). */
  unitActivations(text: string, unit: number): Float32Array {
    if (typeof text !== 'string') throw new Error(`unitActivations: the text must be a string, got ${describeValue(text)}`);
    return copyFloats(unwrap(this.#live().unitActivations(text, unit), 'unitActivations'));
  }

  /** Each layer's type, shapes, and its named tensors with their place in `parameters()`. */
  layers(): LayerInfo[] {
    return this.#live().layers().map((l) => ({
      ...l, inputShape: [...l.inputShape], outputShape: [...l.outputShape],
      tensors: l.tensors.map((t) => ({ ...t, shape: [...t.shape] })),
    }));
  }

  /** Layer `layer`'s tensor `name` ("weight", "bias", "body.0.weight", "running_mean"), with its shape. */
  weights(layer: number, name: string): NamedTensor {
    return copyTensor(unwrap(this.#live().weights(layer, name), 'weights'));
  }

  /** Replaces every parameter; `values` must be as long as `parameters()`. */
  setParameters(values: Float32Array): void {
    unwrap(this.#live().setParameters(values), 'setParameters');
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

  /** The k largest |w·a| into one neuron of dense layer `layer` (ranks only that neuron's inputs). */
  topContributionsInto(layer: number, neuron: number, k: number): Contributions {
    const raw = unwrap(this.#live().topContributionsInto(layer, neuron, k), 'topContributionsInto');
    return { from: new Uint32Array(raw.from), to: new Uint32Array(raw.to), value: copyFloats(raw.value) };
  }

  /** The architecture as the engine describes it (parsed JSON). */
  architecture(): unknown {
    return JSON.parse(this.#live().architectureJson()) as unknown;
  }

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
