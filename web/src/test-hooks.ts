// window.__glassbox: read-only windows into the running page for the browser
// tests (and curious visitors with a console). Features add their part here;
// nothing in the app reads it back.

export interface ViewHooks {
  /** Client coordinates of a neuron of a stage, or null when the view is off. */
  neuronScreenPosition(stage: number, index: number): { x: number; y: number } | null;
  /** The output neuron drawn as the winner (read from the instance matrices), -1 for none. */
  highlightedOutput(): number;
  stageTitles(): string[];
  /** How bright each neuron of a stage is drawn (0 = rest colour, 1 = hottest), or null for a stage of feature maps. */
  brightness(stage: number): number[] | null;
  /** renderer.info.memory: GPU geometries and textures alive right now. */
  memory(): { geometries: number; textures: number } | null;
  /** Renders now and counts canvas pixels that differ from the background (0 = a blank view). */
  litPixels(): number;
  camera(): { position: number[]; target: number[] };
  /** How many times the scene content was built (once per model). */
  builds(): number;
  /** Whether the camera glides on after a drag (false with prefers-reduced-motion). */
  inertia(): boolean;
  connectionCount(): number;
  /** The clicked neuron: where its halo is, and its highlighted incoming lines (world coordinates, RGBA). */
  selection(): { stage: number; index: number; position: number[]; halo: number[] | null; incoming: { from: number[]; to: number[]; rgba: number[] }[] } | null;
  /** Milliseconds between consecutive renders during continuous updates. */
  frameIntervals: number[];
  /** CPU milliseconds inside renderer.render(). */
  renderTimings: number[];
}

export interface GlassboxHooks {
  /** Milliseconds per input update: engine forward pass + scene update (no GPU present). */
  updateTimings: number[];
  view?: ViewHooks;
  /** When (performance.now()) each live parameter update from a training run reached the digit page. */
  liveUpdates?: number[];
  /** The page engine's heap: allocator in-use bytes and wasm memory size (leak checks). */
  engineMemory?: () => { inUseBytes: number; heapBytes: number };
  /** The network the page is showing (tests check that a replaced one was disposed). */
  network?: { readonly disposed: boolean };
}

declare global {
  interface Window {
    __glassbox?: GlassboxHooks;
  }
}

export function testHooks(): GlassboxHooks {
  window.__glassbox ??= { updateTimings: [] };
  return window.__glassbox;
}

/** Appends to a timing list, keeping the last `limit` entries so a long session does not grow it forever. */
export function recordTiming(list: number[], value: number, limit = 1000): void {
  list.push(value);
  if (list.length > limit) list.splice(0, list.length - limit);
}
