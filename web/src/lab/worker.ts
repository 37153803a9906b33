// The Lab's worker: its own wasm instance runs one experiment in slices of
// about 50 ms, posting the new chart points after each, so the page stays
// responsive and Stop takes effect within a slice.
import { loadEngine, type Engine, type LabRun } from '../engine';
import type { LabPageMessage, LabWorkerMessage } from './protocol';

interface WorkerScope {
  postMessage(message: LabWorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<LabPageMessage>) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: LabWorkerMessage): void => scope.postMessage(message);
const SLICE_MS = 50;

let engine: Engine | null = null;
let current: LabRun | null = null;
let generation = 0;

// A zero-delay yield (MessageChannel) so a 'stop' message is seen between slices.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = (): Promise<void> => new Promise((done) => {
  waiting.push(done);
  channel.port2.postMessage(null);
});

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

const queued: LabPageMessage[] = [];
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

loadEngine()
  .then((loaded) => {
    engine = loaded;
    post({ type: 'ready', catalog: loaded.labCatalog() });
    for (const message of queued.splice(0)) handle(message);
  })
  .catch(fail);

scope.addEventListener('message', (event) => {
  if (engine === null) queued.push(event.data);
  else handle(event.data);
});
