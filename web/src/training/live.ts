// The model being trained, shown live on the digit page: the worker's first
// snapshot (a whole .safetensors model) switches the page to it; the later
// ones (parameters only, about every second) are written into that network,
// and the bars and the 3D view answer the drawing with the new weights.
import type { ModelEntry } from '../digits/model';
import { testHooks } from '../test-hooks';
import type { WorkerMessage } from './protocol';

/** What the live view needs from the digit page. */
export interface LiveTarget {
  useModel(entry: ModelEntry): Promise<void>;
  /** Writes `values` into the page's network if it is still showing model `id`; false when the user has moved on. */
  updateParameters(id: string, values: Float32Array): boolean;
  /** Scrolls the drawing canvas into view. */
  reveal(): void;
}

/** The picker entry of the model being trained. */
export const LIVE_ID = 'training-live';

export interface LiveView {
  /** Starts a run of `architecture` (e.g. "MLP 784-128-64-10"). */
  start(architecture: string): void;
  snapshot(message: Extract<WorkerMessage, { type: 'snapshot' }>): void;
}

export function createLiveView(element: HTMLElement, target: LiveTarget): LiveView {
  const hooks = testHooks();
  let architecture = '';
  let following = false;
  let updates = 0;

  function entry(model: Uint8Array): ModelEntry {
    return {
      id: LIVE_ID,
      name: `Training now: ${architecture}`,
      file: '',
      description: `${architecture}, being trained in this tab: its weights are updated here about every second.`,
      bytes: model,
    };
  }

  return {
    start(next) {
      architecture = next;
      following = false;
      updates = 0;
      element.dataset.liveUpdates = '0';
    },
    snapshot(message) {
      if (message.model !== null) {
        // A model made in the worker never fails to load; if it does, the page says so and the run goes on.
        following = true;
        void target.useModel(entry(message.model)).catch(() => (following = false));
        return;
      }
      if (!following || message.parameters === null) return;
      // The user picked another model: stop following this run.
      following = target.updateParameters(LIVE_ID, message.parameters);
      if (!following) return;
      updates++;
      element.dataset.liveUpdates = String(updates);
      hooks.liveUpdates ??= [];
      hooks.liveUpdates.push(performance.now());
    },
  };
}
