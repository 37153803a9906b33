// The Lab's worker: its own wasm instance runs one experiment in slices of
// about 50 ms, posting the new chart points after each, so the page stays
// responsive and Stop takes effect within a slice.
import { type Engine, type LabRun } from '../engine';
import { makeYieldToEvents, serveWithEngine, workerScope } from '../worker-kit';
import type { LabPageMessage, LabWorkerMessage } from './protocol';

const scope = workerScope<LabWorkerMessage, LabPageMessage>();
const post = (message: LabWorkerMessage): void => scope.postMessage(message);
const SLICE_MS = 50;

let engine: Engine | null = null;
let current: LabRun | null = null;
let generation = 0;

const yieldToEvents = makeYieldToEvents();

async function run(id: string, settings: Record<string, number>): Promise<void> {
  if (engine === null) throw new Error('The engine has not loaded yet.');
  current?.dispose();
  const mine = ++generation;
  const lab = engine.startLab(id, settings);
  current = lab;
  const start = performance.now();
  for (;;) {
    const step = lab.advance(SLICE_MS);
    post({ type: 'progress', progress: step.progress, events: step.events });
    if (step.done) break;
    await yieldToEvents();
    if (mine !== generation) return; // stopped or replaced
  }
  post({ type: 'result', result: lab.result(), seconds: (performance.now() - start) / 1000 });
  lab.dispose();
  if (current === lab) current = null;
}

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function handle(message: LabPageMessage): void {
  if (message.type === 'stop') {
    generation++;
    current?.dispose();
    current = null;
    post({ type: 'stopped' });
    return;
  }
  run(message.id, message.settings).catch(fail);
}

serveWithEngine(
  scope,
  (loaded) => {
    engine = loaded;
    post({ type: 'ready', catalog: loaded.labCatalog() });
  },
  handle,
  fail,
);
