// Where the page's files come from, and what to say when one cannot be had.
// The site fetches them; the classroom file (npm run build:classroom) has them
// embedded, and its build swaps ./embedded for ./embedded.classroom.
import { embeddedAsset } from './embedded';

export { embeddedAsset } from './embedded';

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** The sentence for a download that failed: "You are offline and … has not been downloaded yet." when the browser is offline. */
export function downloadFailure(what: string, url: string, error: unknown): string {
  if (isOffline()) return `You are offline and ${what} has not been downloaded yet.`;
  return `Could not download ${what} (${url}): ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The file at `url`: embedded bytes in the classroom file, else the network.
 * Throws a message naming `what` (e.g. "the LeNet-style CNN") and saying so when the browser is offline.
 */
export async function fetchAsset(url: string, what: string): Promise<Response> {
  const embedded = await embeddedAsset(url);
  if (embedded !== null) return new Response(embedded as BlobPart);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(downloadFailure(what, url, error));
  }
  if (!response.ok) throw new Error(`Could not download ${what} (${url}): HTTP ${response.status}`);
  return response;
}

/** The engine's .wasm bytes when they are embedded (the classroom file); undefined means fetch it. */
export async function embeddedWasm(): Promise<Uint8Array | undefined> {
  return (await embeddedAsset('glassbox.wasm')) ?? undefined;
}

/** Why the engine could not load, when the reason is that the browser is offline; null otherwise. */
export function offlineEngineFailure(): string | null {
  return isOffline() ? 'You are offline and the Glassbox engine has not been downloaded yet.' : null;
}

/** The message for a training worker's `error` event (a worker script that could not be fetched fires one with no message). */
export function workerFailure(event: ErrorEvent): string {
  if (isOffline()) return 'You are offline and the training worker has not been downloaded yet.';
  return `The training worker failed: ${event.message || 'it could not start'}`;
}
