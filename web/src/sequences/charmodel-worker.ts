// The char model's worker: its own wasm instance trains the engine's
// character-level LSTM (train/char_model.hpp) on the embedded Alice text with
// the engine's defaults, a few steps per turn, then samples from it and reads
// one unit's h_t for the colouring. Every number comes from the engine.
import { type CharData, type Engine, type Network, type TrainingSession } from '../engine';
import { makeYieldToEvents, serveWithEngine, workerScope } from '../worker-kit';
import type { CharModelPageMessage, CharModelWorkerMessage, SampleRequest } from './charmodel-protocol';

const scope = workerScope<CharModelWorkerMessage, CharModelPageMessage>();
const post = (message: CharModelWorkerMessage): void => scope.postMessage(message);
const yieldToEvents = makeYieldToEvents();

/** Steps between two progress reports. */
const TURN_STEPS = 5;

let engine: Engine | null = null;
let session: TrainingSession | null = null;
let network: Network | null = null;
let data: CharData | null = null;
let generation = 0;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The session's weights as a Network to sample from (the session keeps training state). */
function snapshot(e: Engine, s: TrainingSession): void {
  network?.dispose();
  network = null;
  network = e.networkFromSafetensors(s.toSafetensors());
}

async function train(seed: number, steps: number): Promise<void> {
  if (engine === null) throw new Error('The engine has not loaded yet.');
  const e = engine;
  const mine = ++generation;
  session?.dispose();
  session = null;
  const d = e.charCorpus().defaults;
  data = e.makeCharData({ seed, window: d.window, trainCount: d.trainWindows, testCount: d.testWindows });
  // As run_char_model (char_model.cpp): Adam, clipping, one seed for windows, weights and shuffling.
  const s = e.startTraining({ json: d.architecture }, data.train, { optimizer: 'adam', learningRate: d.learningRate, batchSize: d.batchSize, seed, clipNorm: d.clipNorm });
  session = s;
  let step = 0, seconds = 0, samples = 0;
  while (step < steps) {
    const n = Math.min(TURN_STEPS, steps - step);
    const t0 = performance.now();
    const stats = s.step(n);
    seconds += (performance.now() - t0) / 1000;
    samples += stats.samples;
    step += n;
    post({ type: 'progress', step, steps, loss: stats.meanLoss, samplesPerSecond: samples / Math.max(seconds, 1e-9) });
    await yieldToEvents();
    if (mine !== generation) break;
  }
  if (session !== s) return;
  const test = s.evaluate(data.test);
  snapshot(e, s);
  post({ type: 'trained', step, accuracy: test.accuracy, loss: test.meanLoss, seconds, samplesPerSecond: samples / Math.max(seconds, 1e-9), stopped: step < steps });
}

function sample(request: SampleRequest): void {
  if (network === null) throw new Error('Train the char model first: there is nothing to sample from yet.');
  const t0 = performance.now();
  const drawn = network.sampleText(request.prompt, request.count, request.temperature, request.seed);
  const activations = network.unitActivations(request.prompt + drawn.text, request.unit);
  post({ type: 'sample', request, text: drawn.text, probabilities: drawn.probabilities, activations, milliseconds: performance.now() - t0 });
}

function handle(m: CharModelPageMessage): void {
  if (m.type === 'stop') {
    generation++;
  } else if (m.type === 'train') {
    train(m.seed, m.steps).catch((error: unknown) => post({ type: 'error', during: 'train', message: message(error) }));
  } else {
    try {
      sample(m.request);
    } catch (error) {
      post({ type: 'error', during: 'sample', message: message(error) });
    }
  }
}

serveWithEngine(
  scope,
  (loaded) => {
    engine = loaded;
    const c = loaded.charCorpus();
    const d = c.defaults;
    post({ type: 'ready', info: { source: c.source, vocabulary: c.vocabulary, characters: c.text.length, window: d.window, units: d.units, steps: d.steps,
      learningRate: d.learningRate, batchSize: d.batchSize, minTemperature: c.minTemperature, maxTemperature: c.maxTemperature, maxSampleCount: c.maxSampleCount } });
  },
  handle,
  (error) => post({ type: 'error', during: 'load', message: message(error) }),
);
