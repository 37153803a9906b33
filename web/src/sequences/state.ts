// The Sequences page's state (task, T, seed, steps, and what is inspected)
// and its URL form. Like the playground's (playground/state.ts) the parser
// validates and clamps every field, so any URL, however hostile, gives a
// usable state. Pure: no DOM, no engine.
import { clampNumber } from '../playground/state';

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Cell = (typeof CELLS)[number];

/** What the heatmap shows: h_t, one gate, or the LSTM's cell state c_t. */
export const VIEWS: Record<Cell, readonly string[]> = {
  rnn: ['h'],
  lstm: ['h', 'i', 'f', 'g', 'o', 'c'],
  gru: ['h', 'r', 'z', 'n'],
};

/** The fields of a sequence task the state needs (a subset of the engine's entry). */
export interface TaskLimits {
  name: string;
  defaultLength: number;
  minLength: number;
  maxLength: number;
}

/** The longest T the page trains: three cells in one browser tab stay within a minute of training. */
export const PAGE_MAX_LENGTH = 100;
export const LIMITS = {
  seed: [1, 2 ** 31 - 1],
  steps: [50, 3000],
  /** The test example shown in the heatmaps and the step-through (the page evaluates 256). */
  example: [0, 255],
} as const satisfies Record<string, readonly [number, number]>;
export const DEFAULT_STEPS = 400;

export interface SequencesState {
  task: string;
  /** T, the sequence length. */
  length: number;
  seed: number;
  /** Training steps (mini-batches) per cell. */
  steps: number;
  /** Truncated BPTT: the gradient goes back in chunks of this many steps; 0 = through the whole sequence. */
  truncate: number;
  /** The cell whose hidden state and step-through are shown. */
  cell: Cell;
  /** The heatmap's quantity, one of VIEWS[cell]. */
  view: string;
  example: number;
  /** The step-through's time step, 1..T. */
  time: number;
}

/** T's range on this page for a task: the engine's range, capped at PAGE_MAX_LENGTH. */
export function lengthRange(task: TaskLimits): [number, number] {
  return [task.minLength, Math.min(task.maxLength, PAGE_MAX_LENGTH)];
}

export function defaultState(task: TaskLimits): SequencesState {
  return { task: task.name, length: task.defaultLength, seed: 1, steps: DEFAULT_STEPS, truncate: 0, cell: 'lstm', view: 'h', example: 0, time: task.defaultLength };
}

/**
 * The state a query string asks for. An unknown task gives the first one,
 * numbers are clamped to their ranges (T to the task's, the truncation to
 * [0, T]), a view the cell has not falls back to h, and the step-through's t
 * to [1, T].
 */
export function parseState(search: string, tasks: readonly TaskLimits[]): SequencesState {
  const first = tasks[0];
  if (first === undefined) throw new Error('parseState: the engine listed no sequence tasks');
  const params = new URLSearchParams(search.length > 2000 ? '' : search);
  const task = tasks.find((t) => t.name === params.get('task')) ?? first;
  const state = defaultState(task);
  const [lo, hi] = lengthRange(task);
  state.length = clampNumber(params.get('T'), lo, hi, Math.min(task.defaultLength, hi), true);
  state.seed = clampNumber(params.get('seed'), ...LIMITS.seed, 1, true);
  state.steps = clampNumber(params.get('steps'), ...LIMITS.steps, DEFAULT_STEPS, true);
  state.truncate = clampNumber(params.get('bptt'), 0, state.length, 0, true);
  state.cell = CELLS.find((c) => c === params.get('cell')) ?? 'lstm';
  state.view = VIEWS[state.cell].find((v) => v === params.get('view')) ?? 'h';
  state.example = clampNumber(params.get('example'), ...LIMITS.example, 0, true);
  state.time = clampNumber(params.get('t'), 1, state.length, state.length, true);
  return state;
}

export function serializeState(s: SequencesState): string {
  return new URLSearchParams({
    task: s.task, T: String(s.length), seed: String(s.seed), steps: String(s.steps), bptt: String(s.truncate),
    cell: s.cell, view: s.view, example: String(s.example), t: String(s.time),
  }).toString();
}
