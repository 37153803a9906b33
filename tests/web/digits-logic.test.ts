// Pure logic of the digits page: no DOM, no wasm.
import { describe, expect, it, vi } from 'vitest';
import { createFrameScheduler } from '../../web/src/digits/frame-scheduler';
import { formatPercent, hasInk, topIndex } from '../../web/src/digits/predictions';
import { grayscaleToRgba } from '../../web/src/digits/preview-pixels';
import { StrokeTracker, segmentsOf, toCanvasPoint } from '../../web/src/digits/strokes';

describe('topIndex', () => {
  it('finds the largest value', () => {
    expect(topIndex([0.1, 0.7, 0.2])).toBe(1);
    expect(topIndex(new Float32Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe(9);
  });
  it('prefers the lower index on ties and skips NaN', () => {
    expect(topIndex([0.5, 0.5])).toBe(0);
    expect(topIndex([Number.NaN, 0.2, 0.1])).toBe(1);
  });
  it('is -1 when there is no answer', () => {
    expect(topIndex([])).toBe(-1);
    expect(topIndex([Number.NaN])).toBe(-1);
  });
});

describe('formatPercent', () => {
  it('shows one decimal', () => {
    expect(formatPercent(0.9734)).toBe('97.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(0.00049)).toBe('0.0%');
  });
  it('clamps rounding noise and marks non-numbers', () => {
    expect(formatPercent(1.0000001)).toBe('100.0%');
    expect(formatPercent(-1e-9)).toBe('0.0%');
    expect(formatPercent(Number.NaN)).toBe('–');
  });
});

describe('hasInk', () => {
  it('is false for zeros and true for any positive pixel', () => {
    expect(hasInk(new Float32Array(784))).toBe(false);
    const input = new Float32Array(784);
    input[400] = 0.01;
    expect(hasInk(input)).toBe(true);
  });
});

describe('grayscaleToRgba', () => {
  it('maps [0, 1] to opaque grey, clamping out-of-range values', () => {
    expect(Array.from(grayscaleToRgba([0, 1, 0.5, 2, -1]))).toEqual([
      0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0, 0, 255,
    ]);
  });
  it('writes into a given buffer and rejects a wrong size', () => {
    const out = new Uint8ClampedArray(8);
    expect(grayscaleToRgba([1, 0], out)).toBe(out);
    expect(() => grayscaleToRgba([1, 0], new Uint8ClampedArray(4))).toThrow(/need 8/);
  });
});

describe('toCanvasPoint', () => {
  it('normalises client coordinates to the canvas rectangle', () => {
    const rect = { left: 100, top: 50, width: 200, height: 200 };
    expect(toCanvasPoint(100, 50, rect)).toEqual({ x: 0, y: 0 });
    expect(toCanvasPoint(200, 250, rect)).toEqual({ x: 0.5, y: 1 });
  });
  it('does not clamp points outside the canvas (pointer capture keeps the stroke going)', () => {
    expect(toCanvasPoint(0, 300, { left: 100, top: 100, width: 100, height: 100 })).toEqual({ x: -1, y: 2 });
  });
  it('survives a zero-size canvas', () => {
    expect(toCanvasPoint(5, 5, { left: 0, top: 0, width: 0, height: 0 })).toEqual({ x: 0, y: 0 });
  });
});

describe('StrokeTracker', () => {
  const p = (x: number, y: number) => ({ x, y });

  it('turns a pointer down/move/up into a dot and joined segments', () => {
    const tracker = new StrokeTracker();
    expect(tracker.isEmpty).toBe(true);
    expect(tracker.begin(1, p(0.1, 0.1))).toEqual({ from: p(0.1, 0.1), to: p(0.1, 0.1) });
    expect(tracker.extend(1, [p(0.2, 0.1), p(0.3, 0.2)])).toEqual([
      { from: p(0.1, 0.1), to: p(0.2, 0.1) },
      { from: p(0.2, 0.1), to: p(0.3, 0.2) },
    ]);
    tracker.end(1);
    expect(tracker.isEmpty).toBe(false);
    expect(tracker.strokes).toEqual([[p(0.1, 0.1), p(0.2, 0.1), p(0.3, 0.2)]]);
  });

  it('skips repeated points and ignores pointers that are not down', () => {
    const tracker = new StrokeTracker();
    expect(tracker.extend(7, [p(0.5, 0.5)])).toEqual([]);
    tracker.begin(1, p(0, 0));
    expect(tracker.extend(1, [p(0, 0), p(0, 0)])).toEqual([]);
    tracker.end(1);
    expect(tracker.extend(1, [p(0.4, 0.4)])).toEqual([]);
    expect(tracker.isActive(1)).toBe(false);
  });

  it('keeps one stroke per pointer when two fingers draw at once', () => {
    const tracker = new StrokeTracker();
    tracker.begin(1, p(0, 0));
    tracker.begin(2, p(1, 1));
    tracker.extend(2, [p(0.9, 0.9)]);
    tracker.extend(1, [p(0.1, 0)]);
    expect(tracker.strokes).toEqual([
      [p(0, 0), p(0.1, 0)],
      [p(1, 1), p(0.9, 0.9)],
    ]);
  });

  it('clears everything', () => {
    const tracker = new StrokeTracker();
    tracker.begin(1, p(0, 0));
    tracker.clear();
    expect(tracker.isEmpty).toBe(true);
    expect(tracker.isActive(1)).toBe(false);
  });

  it('replays strokes as the same dots and segments for repainting', () => {
    expect(segmentsOf([[p(0, 0), p(1, 0)], [p(0.5, 0.5)], []])).toEqual([
      { from: p(0, 0), to: p(0, 0) },
      { from: p(0, 0), to: p(1, 0) },
      { from: p(0.5, 0.5), to: p(0.5, 0.5) },
    ]);
  });
});

describe('createFrameScheduler', () => {
  function fakeFrames() {
    const queue = new Map<number, () => void>();
    let next = 1;
    return {
      request: (cb: () => void) => {
        queue.set(next, cb);
        return next++;
      },
      cancel: (handle: number) => void queue.delete(handle),
      /** Runs every callback queued before this frame, like the browser. */
      frame() {
        const due = [...queue.values()];
        queue.clear();
        for (const cb of due) cb();
      },
      get pending() {
        return queue.size;
      },
    };
  }

  it('runs once per frame however often it is marked dirty', () => {
    const frames = fakeFrames();
    const work = vi.fn();
    const scheduler = createFrameScheduler(work, frames.request, frames.cancel);
    scheduler.markDirty();
    scheduler.markDirty();
    scheduler.markDirty();
    expect(frames.pending).toBe(1);
    expect(work).not.toHaveBeenCalled();
    frames.frame();
    expect(work).toHaveBeenCalledTimes(1);
    frames.frame();
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('schedules again after a run, including when marked dirty during the run', () => {
    const frames = fakeFrames();
    let scheduler: ReturnType<typeof createFrameScheduler> | undefined;
    let runs = 0;
    scheduler = createFrameScheduler(() => {
      runs++;
      if (runs === 1) scheduler?.markDirty();
    }, frames.request, frames.cancel);
    scheduler.markDirty();
    frames.frame();
    expect(frames.pending).toBe(1);
    frames.frame();
    expect(runs).toBe(2);
  });

  it('cancel drops a pending run', () => {
    const frames = fakeFrames();
    const work = vi.fn();
    const scheduler = createFrameScheduler(work, frames.request, frames.cancel);
    scheduler.markDirty();
    scheduler.cancel();
    frames.frame();
    expect(work).not.toHaveBeenCalled();
    scheduler.markDirty();
    frames.frame();
    expect(work).toHaveBeenCalledTimes(1);
  });
});
