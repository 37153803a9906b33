// The training worker: its own wasm instance, the MNIST files fetched and
// decompressed here, and the loop from loop.ts wired to postMessage.
import { TrainingLoop } from './loop';
import { createChunkLoader } from './mnist-chunks';
import type { PageMessage, WorkerMessage } from './protocol';
import { fetchAsset } from '../offline';
import { makeYieldToEvents, serveWithEngine, workerScope } from '../worker-kit';

const scope = workerScope<WorkerMessage, PageMessage>();

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

const yieldToEvents = makeYieldToEvents();
const post = (message: WorkerMessage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
let loop: TrainingLoop | null = null;

serveWithEngine(
  scope,
  (engine) => {
    loop = new TrainingLoop({ engine, loadData, post, yieldToEvents });
  },
  (message) => void loop!.handle(message),
  (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
