// What every page's worker (training, Lab, Sequences, Attention) does the same
// way: its own engine instance, loaded before any message is handled, and a
// yield between slices of work so a 'stop' or 'pause' message gets through.
import { loadEngine, type Engine } from './engine';

/** The worker's global scope, typed by the messages it sends (Out) and receives (In). */
export interface WorkerScope<Out, In> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<In>) => void): void;
}

export const workerScope = <Out, In>(): WorkerScope<Out, In> => self as unknown as WorkerScope<Out, In>;

/**
 * A zero-delay yield to the worker's event loop: a MessageChannel round trip,
 * which, unlike nested setTimeout(0), is not clamped to 4 ms.
 */
export function makeYieldToEvents(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise((done) => {
      waiting.push(done);
      channel.port2.postMessage(null);
    });
}

/**
 * Loads the engine, calls `ready` with it, then passes every message to
 * `handle`. Messages that arrive while the engine loads wait, in order; a
 * failed load goes to `fail`.
 */
export function serveWithEngine<Out, In>(
  scope: WorkerScope<Out, In>,
  ready: (engine: Engine) => void,
  handle: (message: In) => void,
  fail: (error: unknown) => void,
): void {
  let loaded = false;
  const queued: In[] = [];
  loadEngine()
    .then((engine) => {
      ready(engine);
      loaded = true;
      for (const message of queued.splice(0)) handle(message);
    })
    .catch(fail);
  scope.addEventListener('message', (event) => {
    if (loaded) handle(event.data);
    else queued.push(event.data);
  });
}
