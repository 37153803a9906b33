// The Sequences page's worker: its own wasm instance trains an RNN, an LSTM
// and a GRU on the same task, data and seed, a few steps each in turn, so the
// three curves grow side by side. Every EVAL_EVERY steps it evaluates each
// cell on the test set and traces test examples through it (the hidden
// states, gates, c_t and ‖∂L/∂h_t‖ the page draws). Stop takes effect
// between two cells' turns.
import { type Engine, type SequenceData, type TrainingSession } from '../engine';
import { makeYieldToEvents, serveWithEngine, workerScope } from '../worker-kit';
import type { ArmEvaluation, ArmProgress, CellInspection, RaceSettings, SequencesPageMessage, SequencesWorkerMessage } from './protocol';
import { CELLS, type Cell } from './state';
import { exampleTarget, inspectionOf } from './trace';

const scope = workerScope<SequencesWorkerMessage, SequencesPageMessage>();
const post = (message: SequencesWorkerMessage): void => scope.postMessage(message);

/** Steps per cell per turn, and between evaluations. */
const TURN_STEPS = 5;
const EVAL_EVERY = 25;
const TRAIN_SAMPLES = 2000;
const TEST_SAMPLES = 256;
/** Test examples whose ‖∂L/∂h_t‖ the engine averages for the gradient-through-time heatmap. */
const GRADIENT_EXAMPLES = 8;

interface Arm {
  cell: Cell;
  session: TrainingSession;
  step: number;
  seconds: number;
  samples: number;
}

let engine: Engine | null = null;
let arms: Arm[] = [];
let data: SequenceData | null = null;
let taskName = '';
let example = 0;
let generation = 0;

const yieldToEvents = makeYieldToEvents();

function disposeArms(): void {
  for (const arm of arms) arm.session.dispose();
  arms = [];
}

function inspect(): void {
  if (data === null || arms.length === 0) return;
  const d = data;
  const cells: CellInspection[] = arms.map((arm) => inspectionOf(arm.cell, arm.session.trace(...exampleOf(d, example)), d));
  post({ type: 'inspection', example, step: arms[0]?.step ?? 0, cells });
}

function exampleOf(d: SequenceData, index: number): [Float32Array, Float32Array | Int32Array] {
  const size = d.test.inputSize;
  return [d.test.inputs.slice(index * size, (index + 1) * size), exampleTarget(d, index)];
}

function evaluate(): void {
  if (data === null) return;
  const d = data;
  const e = engine;
  if (e === null) return;
  const out: ArmEvaluation[] = arms.map((arm) => {
    const evaluation = arm.session.evaluate(d.test);
    const metric = d.classes === 0 ? evaluation.meanLoss : evaluation.accuracy;
    const gradient = arm.session.gradientThroughTime(d.test, GRADIENT_EXAMPLES);
    return {
      cell: arm.cell, step: arm.step, metric, standing: e.sequenceStanding(taskName, metric, d.baseline),
      gradNorm: gradient.profile, gradientRatio: gradient.ratio,
    };
  });
  post({ type: 'evaluation', arms: out });
  inspect();
}

/** The engine's task architecture with its recurrent layer (the first) set to truncated BPTT, when asked. */
function withTruncation(json: string, truncate: number): string {
  if (truncate === 0) return json;
  const arch = JSON.parse(json) as { layers: Record<string, unknown>[] };
  const first = arch.layers[0];
  if (first !== undefined) first.truncate = truncate;
  return JSON.stringify(arch);
}

async function race(settings: RaceSettings): Promise<void> {
  if (engine === null) throw new Error('The engine has not loaded yet.');
  const mine = ++generation;
  disposeArms();
  const e = engine;
  const task = e.sequenceTasks().find((t) => t.name === settings.task);
  if (task === undefined) throw new Error(`unknown sequence task '${settings.task}'`);
  taskName = settings.task;
  data = e.makeSequenceTask(settings.task, { seed: settings.seed, length: settings.length, trainSamples: TRAIN_SAMPLES, testSamples: TEST_SAMPLES });
  example = settings.example;
  const d = data;
  arms = CELLS.map((cell) => {
    const defaults = task.defaults[cell];
    const json = withTruncation(e.sequenceArchitecture(settings.task, cell, defaults.units, settings.length), settings.truncate);
    // As `glassbox compare recurrent` (sequence_run.cpp): Adam, the cell's defaults, clip-norm 1, one seed for data and weights.
    const session = e.startTraining({ json }, d.train, { optimizer: 'adam', learningRate: defaults.learningRate, batchSize: defaults.batchSize, seed: settings.seed, clipNorm: 1 });
    return { cell, session, step: 0, seconds: 0, samples: 0 };
  });
  post({ type: 'started', settings, baseline: d.baseline, regression: d.classes === 0, testCount: d.test.count });
  evaluate();
  const start = performance.now();
  while ((arms[0]?.step ?? settings.steps) < settings.steps) {
    const progress: ArmProgress[] = [];
    for (const arm of arms) {
      const n = Math.min(TURN_STEPS, settings.steps - arm.step);
      const t0 = performance.now();
      const stats = arm.session.step(n);
      arm.seconds += (performance.now() - t0) / 1000;
      arm.samples += stats.samples;
      arm.step += n;
      progress.push({ cell: arm.cell, step: arm.step, loss: stats.meanLoss, samplesPerSecond: arm.samples / Math.max(arm.seconds, 1e-9) });
      await yieldToEvents();
      if (mine !== generation) return;
    }
    post({ type: 'progress', arms: progress });
    const step = arms[0]?.step ?? 0;
    if (step % EVAL_EVERY === 0 || step >= settings.steps) evaluate();
  }
  post({ type: 'done', seconds: (performance.now() - start) / 1000 });
}

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function handle(message: SequencesPageMessage): void {
  try {
    if (message.type === 'stop') {
      generation++;
      post({ type: 'stopped' });
    } else if (message.type === 'inspect') {
      if (data !== null && Number.isInteger(message.example) && message.example >= 0 && message.example < data.test.count) {
        example = message.example;
        inspect();
      }
    } else {
      race(message.settings).catch(fail);
    }
  } catch (error) {
    fail(error);
  }
}

serveWithEngine(
  scope,
  (loaded) => {
    engine = loaded;
    post({ type: 'ready', tasks: loaded.sequenceTasks() });
  },
  handle,
  fail,
);
