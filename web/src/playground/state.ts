// The playground's whole state (problem, architecture, hyperparameters, seed)
// and its URL form. The parser validates and clamps every field, so any URL,
// however hostile, gives a usable state. Pure: no DOM, no engine.
import type { ActivationName, Catalog, LossName, OptimizerName } from '../engine';

/** The names the pickers offer and the URL may hold: the engine's catalog (`listsFrom`). */
export interface EngineLists {
  activations: readonly ActivationName[];
  losses: readonly LossName[];
  optimizers: readonly OptimizerName[];
}

/**
 * Only until the engine has loaded (and in pure tests): the page parses its
 * URL and builds its pickers from `listsFrom(engine.catalog())`.
 */
export const FALLBACK_LISTS: EngineLists = {
  activations: ['relu', 'leaky_relu', 'elu', 'sigmoid', 'tanh', 'gelu', 'swish', 'softplus', 'linear'],
  losses: ['mse', 'binary_cross_entropy', 'softmax_cross_entropy', 'huber'],
  optimizers: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'],
};

/**
 * The engine's own lists. The name types in engine/training.ts document the
 * names; the catalog is what this engine build accepts, so a name it adds
 * appears in the pickers without a change here.
 */
export function listsFrom(catalog: Pick<Catalog, 'activations' | 'losses' | 'optimizers'>): EngineLists {
  return {
    activations: catalog.activations as ActivationName[],
    losses: catalog.losses as LossName[],
    optimizers: catalog.optimizers as OptimizerName[],
  };
}
/**
 * Controls a link can hide (TensorFlow Playground style, `hide=optimizer,regularization`),
 * e.g. so a lesson opens the playground with only what it has taught so far.
 */
export const HIDABLE = ['problem', 'data', 'layers', 'loss', 'optimizer', 'learningRate', 'batchSize', 'regularization', 'seed', 'stopping'] as const;
export type Hidable = (typeof HIDABLE)[number];

/** `hide`'s comma list, validated: known names only, each once, in HIDABLE's order. */
export function parseHide(text: string | null | undefined): Hidable[] {
  if (text === null || text === undefined || text.length > 400) return [];
  const asked = new Set(text.split(','));
  return HIDABLE.filter((name) => asked.has(name));
}

export const MAX_HIDDEN_LAYERS = 8;
export const MAX_NEURONS = 64;

/** What the state needs to know about a problem (a subset of the engine's catalog entry). */
export interface ProblemDefaults {
  name: string;
  arch: string;
  activation: string;
  loss: string;
  optimizer: string;
  learningRate: number;
  epochs: number;
  batchSize: number;
}

export interface PlaygroundState {
  problem: string;
  /** Hidden layer sizes (0 to 8 layers of 1 to 64). */
  hidden: number[];
  /** One activation per hidden layer. */
  activations: ActivationName[];
  /**
   * With no hidden layer: the activation on the output (MSE and Huber apply
   * it; with hidden layers the engine applies the last hidden one instead).
   */
  outputActivation: ActivationName;
  loss: LossName;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  l1: number;
  l2: number;
  dropout: number;
  seed: number;
  /** Auto-stop after this many epochs. */
  epochs: number;
  /** Auto-stop when the training loss reaches this (0: off). */
  targetLoss: number;
  /** 2-D sets: Gaussian jitter, training points (the test set is half as many), and blobs' classes. */
  noise: number;
  samples: number;
  classes: number;
  /** Controls hidden from view (from the link); the state behind them still applies. */
  hide: Hidable[];
}

export const LIMITS = {
  learningRate: [1e-5, 10],
  batchSize: [1, 1024],
  l1: [0, 1],
  l2: [0, 1],
  dropout: [0, 0.9],
  seed: [0, 2 ** 31 - 1],
  epochs: [1, 100000],
  targetLoss: [0, 10],
  noise: [0, 1],
  samples: [20, 2000],
  classes: [2, 5],
} as const satisfies Record<string, readonly [number, number]>;

function pick<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

/** A finite number clamped to [lo, hi]; anything else (NaN, "", "1e999", text) gives the fallback. */
export function clampNumber(text: string | null | undefined, lo: number, hi: number, fallback: number, whole = false): number {
  if (text === null || text === undefined || text.trim() === '' || text.length > 40) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) return fallback;
  const r = whole ? Math.round(n) : n;
  return Math.min(hi, Math.max(lo, r));
}

/** "2-4-1" → hidden sizes [4] (the first and last numbers come from the data). */
export function hiddenFromArch(arch: string): number[] {
  const parts = arch.split('-').map(Number);
  return parts.slice(1, -1).filter((n) => Number.isInteger(n) && n >= 1).map((n) => Math.min(n, MAX_NEURONS)).slice(0, MAX_HIDDEN_LAYERS);
}

export function defaultState(p: ProblemDefaults, lists: EngineLists = FALLBACK_LISTS): PlaygroundState {
  const hidden = hiddenFromArch(p.arch);
  const activation = pick(p.activation, lists.activations, 'relu');
  return {
    problem: p.name,
    hidden,
    activations: hidden.map(() => activation),
    outputActivation: activation,
    loss: pick(p.loss, lists.losses, 'mse'),
    optimizer: pick(p.optimizer, lists.optimizers, 'adam'),
    // The catalog's float32 rates (0.05000000074505806) read better rounded.
    learningRate: Number(p.learningRate.toPrecision(6)),
    batchSize: p.batchSize,
    l1: 0,
    l2: 0,
    dropout: 0,
    seed: 1,
    epochs: p.epochs,
    targetLoss: 0,
    noise: 0.1,
    samples: 400,
    classes: 3,
    hide: [],
  };
}

/**
 * The state in `search` (a URL query string), every field validated: an
 * unknown problem falls back to `fallbackProblem`, numbers are clamped, bad
 * names (not in `lists`, the engine's catalog) take the problem's defaults,
 * extra layers are dropped.
 */
export function parseState(search: string, catalog: readonly ProblemDefaults[], fallbackProblem = 'xor', lists: EngineLists = FALLBACK_LISTS): PlaygroundState {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.length > 4000 ? '' : search);
  } catch {
    params = new URLSearchParams();
  }
  const problem = catalog.find((p) => p.name === params.get('p')) ?? catalog.find((p) => p.name === fallbackProblem) ?? catalog[0];
  if (problem === undefined) throw new Error('The problem catalog is empty.');
  const base = defaultState(problem, lists);
  const state: PlaygroundState = { ...base };

  const h = params.get('h');
  if (h !== null) {
    state.hidden = h === '' ? [] : h.split(',').slice(0, MAX_HIDDEN_LAYERS).map((t) => clampNumber(t, 1, MAX_NEURONS, 4, true));
  }
  const acts = (params.get('act') ?? '').split(',');
  const fallbackAct = base.activations[0] ?? 'relu';
  state.activations = state.hidden.map((_, i) => pick(acts[i] ?? acts[0], lists.activations, fallbackAct));
  state.outputActivation = pick(params.get('out'), lists.activations, base.outputActivation);
  state.loss = pick(params.get('loss'), lists.losses, base.loss);
  state.optimizer = pick(params.get('opt'), lists.optimizers, base.optimizer);
  state.learningRate = clampNumber(params.get('lr'), ...LIMITS.learningRate, base.learningRate);
  state.batchSize = clampNumber(params.get('bs'), ...LIMITS.batchSize, base.batchSize, true);
  state.l1 = clampNumber(params.get('l1'), ...LIMITS.l1, 0);
  state.l2 = clampNumber(params.get('l2'), ...LIMITS.l2, 0);
  state.dropout = clampNumber(params.get('drop'), ...LIMITS.dropout, 0);
  state.seed = clampNumber(params.get('seed'), ...LIMITS.seed, 1, true);
  state.epochs = clampNumber(params.get('epochs'), ...LIMITS.epochs, base.epochs, true);
  state.targetLoss = clampNumber(params.get('target'), ...LIMITS.targetLoss, 0);
  state.noise = clampNumber(params.get('noise'), ...LIMITS.noise, base.noise);
  state.samples = clampNumber(params.get('n'), ...LIMITS.samples, base.samples, true);
  state.classes = clampNumber(params.get('k'), ...LIMITS.classes, base.classes, true);
  state.hide = parseHide(params.get('hide'));
  return state;
}

/** The query string (without "?") that `parseState` reads back to the same state. */
export function serializeState(s: PlaygroundState): string {
  const params = new URLSearchParams();
  params.set('p', s.problem);
  params.set('h', s.hidden.join(','));
  params.set('act', s.activations.join(','));
  params.set('out', s.outputActivation);
  params.set('loss', s.loss);
  params.set('opt', s.optimizer);
  params.set('lr', String(s.learningRate));
  params.set('bs', String(s.batchSize));
  params.set('l1', String(s.l1));
  params.set('l2', String(s.l2));
  params.set('drop', String(s.dropout));
  params.set('seed', String(s.seed));
  params.set('epochs', String(s.epochs));
  params.set('target', String(s.targetLoss));
  params.set('noise', String(s.noise));
  params.set('n', String(s.samples));
  params.set('k', String(s.classes));
  // Only when something is hidden, so ordinary links stay as they were.
  if (s.hide.length > 0) params.set('hide', s.hide.join(','));
  // Commas are legal in a query; keep "h=8,8" readable instead of "h=8%2C8".
  return params.toString().replace(/%2C/g, ',');
}

/** "2-4-1" style text of the whole network. */
export function archText(inputSize: number, hidden: readonly number[], outputSize: number): string {
  return [inputSize, ...hidden, outputSize].join('-');
}
