// The Lab's experiments (engine/include/glassbox/lab/lab.hpp) as typed JS.
// The engine computes every number and the verdict; this only parses its JSON.
import type { RawLabRun } from './wasm/glassbox.mjs';
import { unwrap } from './result';

export interface LabSetting {
  name: string;
  label: string;
  help: string;
  value: number;
  min: number;
  max: number;
  whole: boolean;
}

export type LabChart = 'loss' | 'loss_2d' | 'sweep' | 'test_accuracy' | 'train_accuracy' | 'test_mse' | 'validation_loss' | 'gradient_norms' | 'filters' | 'matrices';

export interface LabExperimentInfo {
  id: string;
  /** Seed 003's example number. */
  example: number;
  title: string;
  /** The claim in seed 003's words. */
  claim: string;
  setup: string;
  charts: LabChart[];
  /** The e2e time limit for the default settings. */
  browserSeconds: number;
  settings: LabSetting[];
}

export interface LabPoint {
  arm: number;
  chart: LabChart;
  x: number;
  y: number;
}

/** Each weight matrix's gradient norm ‖∂L/∂W‖ after one epoch of one arm. */
export interface LabLayerNorms {
  arm: number;
  epoch: number;
  names: string[];
  norms: number[];
}

export interface LabEvents {
  /** Every arm's name, in the order the engine runs them. */
  arms: string[];
  points: LabPoint[];
  layers: LabLayerNorms[];
}

/** A labelled matrix an arm measured (an attention map, cosine similarities), row-major. */
export interface LabMatrix {
  title: string;
  rows: string[];
  columns: string[];
  values: number[];
}

export interface LabArm {
  name: string;
  numbers: Record<string, number>;
  /** The keys of `numbers` in the engine's order. */
  order: string[];
  diverged: boolean;
  divergence: string;
  matrices: LabMatrix[];
}

export type LabVerdict = 'holds' | 'holds partly' | 'does not hold here';

export interface LabResult {
  id: string;
  settings: Record<string, number>;
  arms: LabArm[];
  done: boolean;
  verdict: LabVerdict | '';
  summary: string;
  /** The `glassbox lab …` command that gives the same numbers. */
  cli: string;
  /** The CNN's first-layer filters (cnn-mlp): shape [filters, channels, k, k]. */
  filters?: { shape: number[]; values: number[] };
}

export interface LabProgress {
  done: boolean;
  /** 0..1 */
  progress: number;
  events: LabEvents;
}

export class LabRun {
  readonly #raw: RawLabRun;
  #deleted = false;

  constructor(raw: RawLabRun) {
    this.#raw = raw;
  }

  /** Runs for about `budgetMs` (at least one step) and returns the new chart points. */
  advance(budgetMs: number): LabProgress {
    const raw = unwrap(this.#live().advance(budgetMs), 'lab.advance');
    return { done: raw.done, progress: raw.progress, events: JSON.parse(raw.events) as LabEvents };
  }

  result(): LabResult {
    return JSON.parse(unwrap(this.#live().result(), 'lab.result')) as LabResult;
  }

  dispose(): void {
    if (this.#deleted) return;
    this.#deleted = true;
    this.#raw.delete();
  }

  #live(): RawLabRun {
    if (this.#deleted) throw new Error('This lab run was disposed.');
    return this.#raw;
  }
}
