// Types for the Emscripten/embind module generated into ./wasm/ by the engine
// build (see wasm/API.md). A wildcard ambient module, because the generated
// file is gitignored and may not exist when the type checker runs.
// Only web/src/engine/ may import it.
declare module '*/glassbox.mjs' {
  /** Every fallible call returns a status instead of throwing. */
  export type RawResult<T> = { ok: true; value: T } | { ok: false; error: string };

  /** An embind object: must be `.delete()`d exactly once. Empty (sizes 0) until loaded or built. */
  export interface RawNetwork {
    loadSafetensors(bytes: Uint8Array): RawResult<null>;
    build(architectureJson: string, seed: number): RawResult<null>;
    isLoaded(): boolean;
    predict(input: Float32Array): RawResult<Float32Array>;
    forwardAll(input: Float32Array): RawResult<RawForward>;
    forwardBatch(inputs: Float32Array, count: number): RawResult<RawForward>;
    trace(input: Float32Array, target: Float32Array | Int32Array, learningRate: number): RawResult<RawTrace>;
    evaluate(data: unknown): RawResult<RawEvaluation>;
    layers(): RawLayerInfo[];
    parameters(): RawResult<Float32Array>;
    topContributions(layer: number, k: number): RawResult<RawContributions>;
    topContributionsInto(layer: number, neuron: number, k: number): RawResult<RawContributions>;
    weights(layer: number, name: string): RawResult<RawTensor>;
    setParameters(values: Float32Array): RawResult<null>;
    inputSize(): number;
    outputSize(): number;
    parameterCount(): number;
    architectureJson(): string;
    toSafetensors(): RawResult<Uint8Array>;
    exportModel(format: string, modelFile: string): RawResult<Uint8Array>;
    sampleText(prompt: string, count: number, temperature: number, seed: number): RawResult<RawCharSample>;
    unitActivations(text: string, unit: number): RawResult<Float32Array>;
    delete(): void;
    isDeleted(): boolean;
  }

  /** A named tensor: a layer's internal (per-sample shape) or a weight. */
  export interface RawTensor {
    name: string;
    shape: number[];
    values: Float32Array;
  }

  export interface RawForward {
    output: Float32Array;
    layers: { type: string; size: number; shape: number[]; values: Float32Array; internals: RawTensor[] }[];
  }

  export interface RawLayerTrace {
    layer: number;
    type: string;
    shape: number[];
    output: Float32Array;
    gradient: Float32Array;
    parameterOffset: number;
    parameterCount: number;
    internals: RawTensor[];
  }

  export interface RawTrace {
    input: Float32Array;
    layers: { layer: number; activation: string; parameterOffset: number; z: Float32Array; a: Float32Array; delta: Float32Array }[];
    allLayers: RawLayerTrace[];
    output: Float32Array;
    target: Float32Array;
    loss: number;
    lossName: string;
    gradients: Float32Array;
    /** The optimizer whose step is shown ("sgd" for Network.trace), and its η. */
    optimizer: string;
    learningRate: number;
    /** Δθ and θ + Δθ for one step on this sample's gradient (the model is unchanged). */
    step: Float32Array;
    updated: Float32Array;
    /** The optimizer's per-parameter state after that step (Adam: m, v, m_hat, v_hat). */
    quantities: { name: string; meaning: string; values: Float32Array }[];
  }

  export interface RawLayerInfo {
    type: string;
    inputSize: number;
    outputSize: number;
    inputShape: number[];
    outputShape: number[];
    parameterOffset: number;
    parameterCount: number;
    /** The layer's tensors, named as in the model file after "layers.<i>.". */
    tensors: { name: string; shape: number[]; offset: number; isState: boolean }[];
  }

  export interface RawFieldInfo {
    name: string;
    kind: 'count' | 'number' | 'flag' | 'choice' | 'layers';
    help: string;
    required: boolean;
    min?: number;
    max?: number;
    maxExclusive?: boolean;
    choices?: string[];
    default?: number | string | boolean;
  }

  export interface RawCatalog {
    layers: { name: string; summary: string; fields: RawFieldInfo[] }[];
    activations: string[];
    losses: string[];
    optimizers: string[];
    initializers: string[];
  }

  export interface RawContributions {
    from: Uint32Array;
    to: Uint32Array;
    value: Float32Array;
  }

  /** An empty handle, filled by `loadSafetensors` or `build` (wasm/API.md). */
  export interface RawNetworkClass {
    new (): RawNetwork;
  }

  /** Training: an embind object owning a model, its optimizer and its data. */
  export interface RawTrainingSession {
    /** Takes any JS values: the engine checks every key and type, and reports misfits in the Result. */
    start(architecture: unknown, data: unknown, options: unknown): RawResult<null>;
    isStarted(): boolean;
    step(batches: unknown): RawResult<RawStepStats>;
    evaluate(data: unknown): RawResult<RawEvaluation>;
    toSafetensors(): RawResult<Uint8Array>;
    exportModel(format: string, modelFile: string): RawResult<Uint8Array>;
    parameters(): RawResult<Float32Array>;
    trace(input: Float32Array, target: Float32Array | Int32Array): RawResult<RawTrace>;
    architectureJson(): string;
    saveState(): RawResult<Uint8Array>;
    restoreState(bytes: unknown): RawResult<null>;
    delete(): void;
    isDeleted(): boolean;
  }

  export interface RawStepStats {
    batches: number;
    samples: number;
    meanLoss: number;
    epoch: number;
    stepInEpoch: number;
    learningRate: number;
    totalSteps: number;
    batchesPerEpoch: number;
  }

  export interface RawEvaluation {
    count: number;
    correct: number;
    accuracy: number;
    meanLoss: number;
    classes: number;
    confusion: number[];
    precision: number[];
    recall: number[];
    predictions: Uint8Array;
  }

  export interface RawProblemInfo {
    name: string;
    group: string;
    teaches: string;
    arch: string;
    activation: string;
    loss: string;
    optimizer: string;
    learningRate: number;
    epochs: number;
    batchSize: number;
  }

  export interface RawCellDefaults {
    /** The length T these settings are known good at. */
    length: number;
    units: number;
    learningRate: number;
    steps: number;
    batchSize: number;
    /** What they reach on the test set: accuracy at least this, or MSE at most this. */
    promise: number;
  }

  export interface RawSequenceTaskInfo {
    name: string;
    teaches: string;
    /** true: the metric is MSE (lower is better); false: accuracy. */
    regression: boolean;
    /** Floats per time step. */
    features: number;
    defaultLength: number;
    minLength: number;
    maxLength: number;
    defaults: { rnn: RawCellDefaults; lstm: RawCellDefaults; gru: RawCellDefaults };
  }

  export interface RawSequenceSet {
    /** count × (T · features) */
    inputs: Float32Array;
    /** Class ids (−1 = not scored), one per sample or one per step; or values (regression). */
    targets: Int32Array | Float32Array;
    count: number;
    inputSize: number;
    targetSize: number;
  }

  export interface RawSequenceData {
    train: RawSequenceSet;
    test: RawSequenceSet;
    length: number;
    /** 0 for regression */
    classes: number;
    /** A class id per time step (copy_memory). */
    perStep: boolean;
    /** What a model that learned nothing scores (chance accuracy, or the target's variance). */
    baseline: number;
  }

  export interface RawProblemSet {
    inputs: Float32Array;
    targets: Float32Array;
    count: number;
    inputSize: number;
    targetSize: number;
  }

  export interface RawProblemData {
    train: RawProblemSet;
    test: RawProblemSet;
    multilabel: boolean;
  }

  export interface RawTokenTaskInfo {
    name: string;
    teaches: string;
    vocabulary: number;
    tokens: number;
    causal: boolean;
    symbols: string[];
    defaults: {
      architecture: string;
      learningRate: number;
      batchSize: number;
      maxSteps: number;
      evalEvery: number;
      targetAccuracy: number;
    };
  }

  export interface RawTokenSet {
    inputs: Int32Array;
    targets: Int32Array;
    count: number;
    inputSize: number;
    targetSize: number;
  }

  export interface RawTokenTask {
    train: RawTokenSet;
    test: RawTokenSet;
    alignedTrain: Uint8Array;
    alignedTest: Uint8Array;
  }

  export interface RawIdx {
    dims: number[];
    data: Uint8Array;
  }

  export interface GlassboxModule {
    Network: RawNetworkClass;
    TrainingSession: new () => RawTrainingSession;
    preprocessDigit(rgba: Uint8Array, width: number, height: number): RawResult<Float32Array>;
    readIdx(bytes: Uint8Array): RawResult<RawIdx>;
    version(): string;
    /** dlmalloc's mallinfo().uordblks: bytes allocated and not yet freed. */
    heapInUseBytes(): number;
    /** The module's whole linear memory (it grows, never shrinks). */
    HEAP8: Int8Array;
    problemCatalog(): RawProblemInfo[];
    catalog(): RawCatalog;
    makeProblem(name: string, options: object): RawResult<RawProblemData>;
    sequenceTasks(): RawSequenceTaskInfo[];
    makeSequenceTask(name: string, options: object): RawResult<RawSequenceData>;
    sequenceArchitecture(task: string, cell: string, units: number, length: number): RawResult<string>;
    tokenTaskCatalog(): RawTokenTaskInfo[];
    makeTokenTask(name: string, options: object): RawResult<RawTokenTask>;
    tokenArchitecture(name: string, options: object): RawResult<string>;
    LabRun: new () => RawLabRun;
    labCatalog(): string;
    principalComponents(table: Float32Array, rows: number, features: number, components: number): RawResult<RawProjection>;
    nearestByCosine(table: Float32Array, rows: number, features: number, index: number, k: number): RawResult<RawNeighbour[]>;
    explainAttentionQuery(tensors: object, options: object): RawResult<RawQueryStep>;
    alignedAttentionMass(probabilities: Float32Array, aligned: Uint8Array, heads: number, tokens: number): RawResult<number[]>;
    sinusoidalEncoding(tokens: number, features: number): RawResult<Float32Array>;
    embeddingTaskCatalog(): RawEmbeddingTaskInfo[];
    makeEmbeddingTask(name: string): RawResult<RawTokenSet>;
    charCorpus(): RawCharCorpus;
    makeCharData(options: object): RawResult<{ train: RawTokenSet; test: RawTokenSet }>;
    temperatureProbabilities(logits: Float32Array, temperature: number): RawResult<Float64Array>;
  }

  /** The character model's corpus and defaults (engine/include/glassbox/train/char_model.hpp). */
  export interface RawCharCorpus {
    name: string;
    source: string;
    text: string;
    vocabulary: string;
    trainCharacters: number;
    minTemperature: number;
    maxTemperature: number;
    maxSampleCount: number;
    maxPromptLength: number;
    defaults: {
      architecture: string;
      window: number;
      units: number;
      learningRate: number;
      batchSize: number;
      steps: number;
      clipNorm: number;
      trainWindows: number;
      testWindows: number;
    };
  }

  export interface RawCharSample {
    text: string;
    probabilities: Float64Array;
  }

  /** An embedding task (engine/include/glassbox/data/embedding_tasks.hpp). */
  export interface RawEmbeddingTaskInfo {
    name: string;
    teaches: string;
    source: string;
    symbols: string[];
    /** Each symbol's kind, an index into groupNames. */
    group: number[];
    groupNames: string[];
    defaults: { architecture: string; dimension: number; learningRate: number; batchSize: number; steps: number };
  }

  /** An embedding table's principal components (engine/include/glassbox/inspect/embedding_map.hpp). */
  export interface RawProjection {
    points: Float32Array;
    axes: Float32Array;
    variances: Float32Array;
    explained: Float32Array;
  }

  export interface RawNeighbour {
    index: number;
    similarity: number;
  }

  /** One query of one head step by step (engine/include/glassbox/inspect/attention_step.hpp). */
  export interface RawQueryStep {
    scale: number;
    query: Float32Array;
    dots: Float32Array;
    scores: Float32Array;
    masked: Uint8Array;
    probabilities: Float32Array;
    context: Float32Array;
    contextGradient?: Float32Array;
    probabilityGradient?: Float32Array;
    scoreGradient?: Float32Array;
  }

  /** One Lab experiment (wasm/lab_adapter.hpp); results cross as the engine's JSON text. */
  export interface RawLabRun {
    start(id: string, settings: object): RawResult<null>;
    advance(budgetMs: number): RawResult<{ done: boolean; progress: number; events: string }>;
    result(): RawResult<string>;
    delete(): void;
  }

  export interface ModuleOptions {
    wasmBinary?: ArrayBuffer | Uint8Array;
    locateFile?: (path: string, scriptDirectory: string) => string;
    print?: (text: string) => void;
    printErr?: (text: string) => void;
  }

  const createGlassbox: (options?: ModuleOptions) => Promise<GlassboxModule>;
  export default createGlassbox;
}
