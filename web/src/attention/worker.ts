// The Attention page's worker: its own wasm instance trains one token task
// in slices of about 60 ms and, after each, posts the new losses and a
// snapshot of the current example (maps, query step, embedding map), so the
// page stays responsive and the maps form live. Also runs the A/B of a
// positional encoding against none from the same seed.
import { type EmbeddingTaskInfo, type Engine, type LayerInfo, type TokenTask, type TokenTaskInfo, type TrainingSession } from '../engine';
import { makeYieldToEvents, serveWithEngine, workerScope } from '../worker-kit';
import { trainEmbeddingTask } from './embedding-tasks';
import type { AttentionPageMessage, AttentionWorkerMessage, Focus, Positional, RunSpec } from './protocol';
import { seedExample, takeSnapshot, testExample, type Example } from './snapshot';

const scope = workerScope<AttentionWorkerMessage, AttentionPageMessage>();
const post = (message: AttentionWorkerMessage): void => scope.postMessage(message);
const SLICE_MS = 60;
const TEST_COUNT = 200;

let engine: Engine | null = null;
let catalog: TokenTaskInfo[] = [];
let embeddings: EmbeddingTaskInfo[] = [];

interface Run {
  info: TokenTaskInfo;
  task: TokenTask;
  session: TrainingSession;
  layers: LayerInfo[];
  focus: Focus;
  step: number;
  limit: number;
  running: boolean;
  started: number;
}
let run: Run | null = null;
let generation = 0;

const yieldToEvents = makeYieldToEvents();

function need(): Engine {
  if (engine === null) throw new Error('The engine has not loaded yet.');
  return engine;
}

function taskInfo(name: string): TokenTaskInfo {
  const info = catalog.find((t) => t.name === name);
  if (info === undefined) throw new Error(`There is no attention task "${name}"; pick one of ${catalog.map((t) => t.name).join(', ')}.`);
  return info;
}

function example(r: Run): Example {
  return r.focus.example < 0 && r.info.name === 'rename' ? seedExample(r.info) : testExample(r.task, r.info.tokens, r.focus.example);
}

function snapshot(r: Run) {
  return takeSnapshot({ engine: need(), session: r.session, info: r.info, layers: r.layers, example: example(r), step: r.step, focus: r.focus });
}

function positionalOf(architecture: string): Positional {
  const arch = JSON.parse(architecture) as { layers: { type: string; kind?: string }[] };
  const pe = arch.layers.find((l) => l.type === 'positional_encoding');
  return pe === undefined ? 'none' : pe.kind === 'learned' ? 'learned' : 'sinusoidal';
}

function startSession(info: TokenTaskInfo, architecture: string, task: TokenTask, seed: number): TrainingSession {
  return need().startTraining({ json: architecture }, task.train,
    { optimizer: 'adam', learningRate: info.defaults.learningRate, batchSize: info.defaults.batchSize, seed });
}

function dispose(): void {
  run?.session.dispose();
  run = null;
}

async function start(spec: RunSpec, focus: Focus): Promise<void> {
  const e = need();
  const mine = ++generation;
  dispose();
  const info = taskInfo(spec.task);
  const architecture = e.tokenArchitecture(info.name, {
    ...(spec.positional === null ? {} : { positional: spec.positional }),
    ...(spec.dimension === null ? {} : { dimension: spec.dimension }),
  });
  const task = e.makeTokenTask(info.name, { seed: spec.seed, testCount: TEST_COUNT });
  const probe = e.buildNetwork(architecture, spec.seed);
  const layers = probe.layers();
  probe.dispose();
  const session = startSession(info, architecture, task, spec.seed);
  const dimension = layers[0]?.outputShape[1] ?? 0;
  run = { info, task, session, layers, focus, step: 0, limit: info.defaults.maxSteps, running: true, started: performance.now() };
  post({ type: 'started', info: { task: info, spec, positional: positionalOf(architecture), dimension, sinusoid: e.inspect.sinusoidalEncoding(info.tokens, dimension), testCount: TEST_COUNT } });
  post({ type: 'snapshot', snapshot: snapshot(run) });
  await train(run, mine);
}

async function train(r: Run, mine: number): Promise<void> {
  const evalEvery = r.info.defaults.evalEvery;
  while (r.running && r.step < r.limit) {
    const losses: [number, number][] = [];
    const accuracy: [number, number][] = [];
    const sliceStart = performance.now();
    while (performance.now() - sliceStart < SLICE_MS && r.step < r.limit) {
      // Whole steps up to the next evaluation point, a few at a time.
      const batches = Math.min(5, evalEvery - (r.step % evalEvery), r.limit - r.step);
      const stats = r.session.step(batches);
      r.step += batches;
      losses.push([r.step, stats.meanLoss]);
      if (r.step % evalEvery !== 0) continue;
      const a = r.session.evaluate(r.task.test).accuracy;
      accuracy.push([r.step, a]);
      // The first run stops at the first evaluation that reaches the target; Train on continues.
      if (a >= r.info.defaults.targetAccuracy && r.limit === r.info.defaults.maxSteps) r.limit = r.step;
    }
    const done = r.step >= r.limit;
    if (done) r.running = false;
    post({ type: 'progress', step: r.step, losses, accuracy, snapshot: snapshot(r), done, seconds: (performance.now() - r.started) / 1000 });
    if (done) return;
    await yieldToEvents();
    if (mine !== generation || run !== r) return;
  }
}

async function ab(name: string, seed: number, steps: number): Promise<void> {
  const e = need();
  const mine = ++generation;
  if (run !== null) run.running = false;
  const info = taskInfo(name);
  const withPe = info.defaults.architecture;
  const positional = positionalOf(withPe);
  const withoutPe = e.tokenArchitecture(info.name, { positional: 'none' });
  const task = e.makeTokenTask(info.name, { seed, testCount: TEST_COUNT });
  const a = startSession(info, withPe, task, seed);
  const b = startSession(info, withoutPe, task, seed);
  try {
    for (let step = 0; step < steps;) {
      const n = Math.min(25, steps - step);
      const la = a.step(n).meanLoss;
      const lb = b.step(n).meanLoss;
      step += n;
      const evaluate = step % 50 === 0 || step === steps;
      post({
        type: 'ab-progress', step, with: la, without: lb, positional, done: step === steps,
        withAccuracy: evaluate ? a.evaluate(task.test).accuracy : null,
        withoutAccuracy: evaluate ? b.evaluate(task.test).accuracy : null,
      });
      await yieldToEvents();
      if (mine !== generation) return;
    }
  } finally {
    a.dispose();
    b.dispose();
  }
}

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function handle(message: AttentionPageMessage): void {
  try {
    if (message.type === 'start') {
      start(message.spec, message.focus).catch(fail);
    } else if (message.type === 'pause') {
      if (run !== null) run.running = false;
    } else if (message.type === 'resume') {
      if (run === null || run.running) return;
      if (run.step >= run.limit) run.limit = run.step + run.info.defaults.maxSteps;
      run.running = true;
      const mine = ++generation;
      train(run, mine).catch(fail);
    } else if (message.type === 'focus') {
      if (run === null) return;
      run.focus = message.focus;
      post({ type: 'snapshot', snapshot: snapshot(run) });
    } else if (message.type === 'ab') {
      ab(message.task, message.seed, message.steps).catch(fail);
    } else if (message.type === 'embed') {
      const info = embeddings.find((t) => t.name === message.task);
      if (info === undefined) throw new Error(`There is no embedding task "${message.task}"; pick one of ${embeddings.map((t) => t.name).join(', ')}.`);
      if (run !== null) run.running = false;
      const mine = ++generation;
      trainEmbeddingTask(need(), info, message.seed, post, yieldToEvents, () => mine === generation).catch(fail);
    }
  } catch (error) {
    fail(error);
  }
}

serveWithEngine(
  scope,
  (loaded) => {
    engine = loaded;
    catalog = loaded.tokenTaskCatalog();
    embeddings = loaded.embeddingTaskCatalog();
    post({ type: 'ready', catalog, embeddings });
  },
  handle,
  fail,
);
