// Starts the training worker: a module worker fetched from the site. The
// classroom build replaces this module with ./training-worker.classroom.ts.
export function startTrainingWorker(): Worker {
  return new Worker(new URL('../training/worker.ts', import.meta.url), { type: 'module', name: 'glassbox-training' });
}
