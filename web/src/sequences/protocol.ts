// Messages between the Sequences page and its worker (worker.ts).
import type { SequenceStanding, SequenceTaskInfo } from '../engine';
import type { Cell } from './state';

export interface RaceSettings {
  task: string;
  length: number;
  seed: number;
  steps: number;
  /** The layers' "truncate": 0 for full BPTT, else chunks of that many steps. */
  truncate: number;
  /** The test example the worker traces for the heatmaps and the step-through. */
  example: number;
}

/** One cell's forward and backward pass on one test example, every number the engine's (TrainingSession.trace). */
export interface CellInspection {
  cell: Cell;
  /** The example's inputs, T × features. */
  input: Float32Array;
  features: number;
  /** h_t: T × H. */
  hidden: Float32Array;
  /** The activated gates, T × gates × H (LSTM i, f, g, o; GRU r, z, n); empty for the RNN. */
  gates: Float32Array;
  gateCount: number;
  /** What goes into σ / tanh, T × max(gates, 1) × H (the RNN: W_ih x_t + b_ih + W_hh h_{t−1} + b_hh). */
  pre: Float32Array;
  /** The LSTM's c_t, T × H; empty otherwise. */
  cellState: Float32Array;
  units: number;
  /** ‖∂L/∂h_t‖ for this example, T values. */
  gradNorm: Float32Array;
  output: Float32Array;
  target: Float32Array;
  loss: number;
}

export interface ArmProgress {
  cell: Cell;
  /** Steps done so far. */
  step: number;
  /** The mean training loss of the steps since the last report. */
  loss: number;
  /** Samples per second of this cell's training steps alone. */
  samplesPerSecond: number;
}

export interface ArmEvaluation {
  cell: Cell;
  step: number;
  /** Test accuracy (0..1), or test MSE for a regression task. */
  metric: number;
  /** Where the metric stands against the baseline: the engine's sequenceStanding. */
  standing: SequenceStanding;
  /** ‖∂L/∂h_t‖ per t, the engine's mean over the first GRADIENT_EXAMPLES test examples (gradientThroughTime). */
  gradNorm: Float64Array;
  /** ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ of gradNorm, the engine's (0 when ‖∂L/∂h_T‖ is 0). */
  gradientRatio: number;
}

export type SequencesPageMessage =
  | { type: 'start'; settings: RaceSettings }
  | { type: 'inspect'; example: number }
  | { type: 'stop' };

export type SequencesWorkerMessage =
  | { type: 'ready'; tasks: SequenceTaskInfo[] }
  | { type: 'started'; settings: RaceSettings; baseline: number; regression: boolean; testCount: number }
  | { type: 'progress'; arms: ArmProgress[] }
  | { type: 'evaluation'; arms: ArmEvaluation[] }
  | { type: 'inspection'; example: number; step: number; cells: CellInspection[] }
  | { type: 'done'; seconds: number }
  | { type: 'stopped' }
  | { type: 'error'; message: string };
