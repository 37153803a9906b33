// One training run: the session, a Network holding a copy of its weights for
// the views (trace, forwardBatch), and the per-epoch history. Views subscribe
// with onChange. All math is the engine's.
import type { Engine, Evaluation, MlpOptions, Network, ProblemSet, StepStats, TrainingSession } from '../engine';
import { denseLayers, type DenseLayer } from './dense-layers';
import type { PlaygroundState } from './state';

export interface Dataset {
  train: ProblemSet;
  test: ProblemSet;
  multilabel: boolean;
}

export interface History {
  epoch: number[];
  trainLoss: number[];
  testLoss: number[];
  trainAccuracy: number[];
  testAccuracy: number[];
  /** Wall-clock ms since the run started, at each point. */
  time: number[];
}

export function emptyHistory(): History {
  return { epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [], time: [] };
}

export function architectureFor(state: PlaygroundState, data: Dataset): MlpOptions {
  return {
    sizes: [data.train.inputSize, ...state.hidden, data.train.targetSize],
    activation: state.activations.length > 0 ? [...state.activations] : state.outputActivation,
    loss: state.loss,
    dropout: state.dropout,
  };
}

export function optionsFor(state: PlaygroundState, data: Dataset) {
  return {
    optimizer: state.optimizer,
    learningRate: state.learningRate,
    batchSize: Math.min(state.batchSize, data.train.count),
    seed: state.seed,
    l1: state.l1,
    l2: state.l2,
  };
}

export class Run {
  readonly engine: Engine;
  state: PlaygroundState;
  data: Dataset;
  session: TrainingSession | null = null;
  /** The network's weight layers and their activations, read once per reset (the shape never changes within a run). */
  dense: DenseLayer[] = [];
  /** How many times the views' Network was re-read from the session (see `network`). */
  networkLoads = 0;
  history: History = emptyHistory();
  stats: StepStats | null = null;
  trainEval: Evaluation | null = null;
  testEval: Evaluation | null = null;
  error = '';
  stopReason = '';
  #started = 0;
  #network: Network | null = null;
  /** The session stepped since `#network` was read. */
  #stale = true;
  #listeners: (() => void)[] = [];

  constructor(engine: Engine, state: PlaygroundState, data: Dataset) {
    this.engine = engine;
    this.state = state;
    this.data = data;
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  emit(): void {
    for (const l of this.#listeners) l();
  }

  get epoch(): number {
    return this.stats?.epoch ?? 0;
  }

  /** Restarts from the seed's initial weights (same seed, same weights). */
  reset(state: PlaygroundState = this.state, data: Dataset = this.data): void {
    this.state = state;
    this.data = data;
    this.session?.dispose();
    this.session = null;
    this.#dropNetwork();
    this.dense = [];
    this.stats = null;
    this.trainEval = null;
    this.testEval = null;
    this.history = emptyHistory();
    this.error = '';
    this.stopReason = '';
    try {
      this.session = this.engine.startTraining(architectureFor(state, data), data.train, optionsFor(state, data));
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    const network = this.network;
    if (network !== null) this.dense = denseLayers(network.layers(), network.forwardAll(new Float32Array(network.inputSize)).layers);
    this.#started = performance.now();
    this.refresh(true);
  }

  /** Runs `batches` mini-batches; false when the run cannot go on (error or auto-stop). */
  step(batches: number): boolean {
    if (this.session === null) return false;
    this.#stale = true;
    try {
      this.stats = this.session.step(Math.max(1, Math.round(batches)));
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.refresh(true);
      return false;
    }
    this.refresh(true);
    return this.stopReason === '';
  }

  /** Batches per epoch (known after the first step; computed before it). */
  get batchesPerEpoch(): number {
    return this.stats?.batchesPerEpoch ?? Math.max(1, Math.ceil(this.data.train.count / Math.min(this.state.batchSize, this.data.train.count)));
  }

  /**
   * The session's model for the views, read only when a view asks after a
   * step (at most once per drawn frame, not once per step).
   *
   * The views' Network is built once per session from the same
   * architecture, then given the live session's parameters (one copy of
   * the flat buffer, no file in between) when it is stale.
   */
  get network(): Network | null {
    if (this.session === null) return null;
    if (this.#network === null) {
      this.#network = this.engine.buildNetwork(JSON.stringify(this.session.architecture()));
      this.#stale = true;
    }
    if (this.#stale) {
      this.#network.setParameters(this.session.parameters());
      this.networkLoads++;
      this.#stale = false;
    }
    return this.#network;
  }

  #dropNetwork(): void {
    this.#network?.dispose();
    this.#network = null;
    this.#stale = true;
  }

  /** Evaluates, records history, checks auto-stop; the views' network is re-read on their next use. */
  refresh(record: boolean): void {
    if (this.session !== null) {
      // Multi-label sets (the adders): the engine counts a row right only when every bit is.
      const multilabel = this.data.multilabel;
      this.trainEval = this.session.evaluate({ ...this.data.train, multilabel });
      this.testEval = this.session.evaluate({ ...this.data.test, multilabel });
      const h = this.history;
      if (record && (h.epoch.length === 0 || h.epoch[h.epoch.length - 1] !== this.epoch)) {
        h.epoch.push(this.epoch);
        h.trainLoss.push(this.trainEval.meanLoss);
        h.testLoss.push(this.testEval.meanLoss);
        h.trainAccuracy.push(this.trainEval.accuracy);
        h.testAccuracy.push(this.testEval.accuracy);
        h.time.push(performance.now() - this.#started);
      }
      if (this.epoch >= this.state.epochs) this.stopReason = `stopped at the epoch budget (${this.state.epochs})`;
      else if (this.state.targetLoss > 0 && this.trainEval.meanLoss <= this.state.targetLoss) {
        this.stopReason = `stopped: training loss ${this.trainEval.meanLoss.toPrecision(3)} reached the target ${this.state.targetLoss}`;
      }
    }
    this.emit();
  }

  dispose(): void {
    this.session?.dispose();
    this.session = null;
    this.#dropNetwork();
  }
}
