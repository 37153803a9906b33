// The training worker: its own wasm instance, the MNIST files fetched and
// decompressed here, and the loop from loop.ts wired to postMessage.
import { loadEngine } from '../engine';
import { TrainingLoop } from './loop';
import { createChunkLoader } from './mnist-chunks';
import type { PageMessage, WorkerMessage } from './protocol';
import { fetchAsset } from '../offline';

interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PageMessage>) => void): void;
}
const scope = self as unknown as WorkerScope;

async function fetchGzip(url: string): Promise<Uint8Array> {
  const response = await fetchAsset(url, 'the MNIST training data');
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Some servers (vite preview among them) send a .gz file with
  // Content-Encoding: gzip, so the browser has already inflated it.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Only the chunks of training images a run needs (mnist-chunks.ts).
const loadData = createChunkLoader(fetchGzip, async (url) => {
  const response = await fetchAsset(url, 'the MNIST training data');
  return response.json() as Promise<unknown>;
});

// A zero-delay yield that is not clamped to 4 ms like nested timeouts.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function yieldToEvents(): Promise<void> {
  return new Promise((done) => {
    waiting.push(done);
    channel.port2.postMessage(null);
  });
}

const post = (message: WorkerMessage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
const queued: PageMessage[] = [];
let loop: TrainingLoop | null = null;

loadEngine()
  .then((engine) => {
    loop = new TrainingLoop({ engine, loadData, post, yieldToEvents });
    for (const message of queued.splice(0)) void loop.handle(message);
  })
  .catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));

scope.addEventListener('message', (event) => {
  if (loop === null) queued.push(event.data);
  else void loop.handle(event.data);
});
