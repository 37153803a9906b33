// The classroom file's embedded files. The page reads them from
// <script type="application/octet-stream" data-asset="models/x.safetensors">
// blocks (base64, gzip-compressed when data-gzip is set), which
// scripts/build-classroom.mjs writes. A worker cannot see the page, so the
// page posts it the bytes it needs ({type: 'glassbox-assets'}) right after
// starting it; see ./training-worker.classroom.ts.

export const ASSETS_MESSAGE = 'glassbox-assets';

/** The embedded file whose name `url` ends with (ignoring ?query and #hash), or null. */
function keyFor(url: string, keys: Iterable<string>): string | null {
  const path = url.replace(/[?#].*$/, '');
  for (const key of keys) if (path === key || path.endsWith(`/${key}`)) return key;
  return null;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// In the page: the data blocks, decoded on first use.
const decoded = new Map<string, Promise<Uint8Array>>();
function pageAsset(url: string): Promise<Uint8Array | null> {
  const blocks = new Map<string, HTMLScriptElement>();
  for (const block of document.querySelectorAll<HTMLScriptElement>('script[data-asset]')) blocks.set(block.dataset.asset!, block);
  const key = keyFor(url, blocks.keys());
  if (key === null) return Promise.resolve(null);
  let bytes = decoded.get(key);
  if (bytes === undefined) {
    const block = blocks.get(key)!;
    const raw = fromBase64(block.textContent ?? '');
    bytes = block.dataset.gzip !== undefined ? gunzip(raw) : Promise.resolve(raw);
    decoded.set(key, bytes);
  }
  return bytes;
}

// In a worker: the files the page posts.
let posted: Promise<Record<string, Uint8Array>> | null = null;
if (typeof document === 'undefined' && typeof self !== 'undefined' && typeof self.addEventListener === 'function') {
  posted = new Promise((resolve) => {
    const listener = (event: MessageEvent): void => {
      const data = event.data as { type?: unknown; assets?: Record<string, Uint8Array> } | null;
      if (data?.type !== ASSETS_MESSAGE || data.assets === undefined) return;
      // The worker's own handler must never see this message.
      event.stopImmediatePropagation();
      self.removeEventListener('message', listener);
      resolve(data.assets);
    };
    self.addEventListener('message', listener);
  });
}

export async function embeddedAsset(url: string): Promise<Uint8Array | null> {
  if (typeof document !== 'undefined') return pageAsset(url);
  if (posted === null) return null;
  const assets = await posted;
  const key = keyFor(url, Object.keys(assets));
  return key === null ? null : assets[key]!;
}
