// Coalesces "input changed" signals into at most one callback per animation
// frame: pointer events can arrive several times per frame, inference need not.

export type RequestFrame = (callback: () => void) => number;
export type CancelFrame = (handle: number) => void;

export interface FrameScheduler {
  /** Asks for one run of the callback on the next frame (repeated calls coalesce). */
  markDirty(): void;
  /** Drops a pending run, e.g. when the view is torn down. */
  cancel(): void;
}

export function createFrameScheduler(
  callback: () => void,
  requestFrame: RequestFrame = (cb) => requestAnimationFrame(cb),
  cancelFrame: CancelFrame = (handle) => cancelAnimationFrame(handle),
): FrameScheduler {
  let pending: number | null = null;
  return {
    markDirty() {
      if (pending !== null) return;
      pending = requestFrame(() => {
        pending = null;
        callback();
      });
    },
    cancel() {
      if (pending === null) return;
      cancelFrame(pending);
      pending = null;
    },
  };
}
