// The drawing canvas: pointer input (mouse, touch, pen) to white round strokes
// on black. Keeps the strokes so a resize or DPR change can repaint them sharp.
import { StrokeTracker, segmentsOf, toCanvasPoint, type Point, type Segment } from './strokes';

/** Stroke width as a fraction of the canvas side: close to MNIST's pen width once scaled to 20×20. */
export const STROKE_WIDTH_FRACTION = 0.07;

export interface DrawingPad {
  /** The current pixels, at backing-store resolution. */
  readPixels(): ImageData;
  clear(): void;
  readonly isEmpty: boolean;
  destroy(): void;
}

export function setUpDrawingPad(canvas: HTMLCanvasElement, onChange: () => void): DrawingPad {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('This browser cannot draw on a 2D canvas.');
  const ctx = context;
  const tracker = new StrokeTracker();

  function fillBackground(): void {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }

  function paint(segments: readonly Segment[]): void {
    const side = canvas.width;
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = STROKE_WIDTH_FRACTION * side;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const { from, to } of segments) {
      if (from.x === to.x && from.y === to.y) {
        // A zero-length line may paint nothing; a tap should leave a dot.
        ctx.beginPath();
        ctx.arc(from.x * side, from.y * side, ctx.lineWidth / 2, 0, Math.PI * 2);
        ctx.fill();
      } else {
        ctx.beginPath();
        ctx.moveTo(from.x * side, from.y * side);
        ctx.lineTo(to.x * side, to.y * side);
        ctx.stroke();
      }
    }
  }

  /** Matches the backing store to CSS size × devicePixelRatio, then repaints. */
  function resize(): void {
    const rect = canvas.getBoundingClientRect();
    const side = Math.max(1, Math.round(rect.width * (window.devicePixelRatio || 1)));
    if (canvas.width === side && canvas.height === side) return;
    canvas.width = side;
    canvas.height = side;
    fillBackground();
    paint(segmentsOf(tracker.strokes));
    onChange();
  }

  function pointsOf(event: PointerEvent): Point[] {
    const rect = canvas.getBoundingClientRect();
    // Coalesced events recover the points the browser merged into this one, for smooth fast strokes.
    const coalesced = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    const events = coalesced.length > 0 ? coalesced : [event];
    return events.map((e) => toCanvasPoint(e.clientX, e.clientY, rect));
  }

  function onPointerDown(event: PointerEvent): void {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    const rect = canvas.getBoundingClientRect();
    paint([tracker.begin(event.pointerId, toCanvasPoint(event.clientX, event.clientY, rect))]);
    onChange();
  }

  function onPointerMove(event: PointerEvent): void {
    if (!tracker.isActive(event.pointerId)) return;
    const segments = tracker.extend(event.pointerId, pointsOf(event));
    if (segments.length === 0) return;
    paint(segments);
    onChange();
  }

  function onPointerEnd(event: PointerEvent): void {
    tracker.end(event.pointerId);
  }

  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerEnd);
  canvas.addEventListener('pointercancel', onPointerEnd);
  canvas.addEventListener('lostpointercapture', onPointerEnd);
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);
  const stopWatchingRatio = watchPixelRatio(resize);
  resize();
  fillBackground();

  return {
    readPixels: () => ctx.getImageData(0, 0, canvas.width, canvas.height),
    clear() {
      tracker.clear();
      fillBackground();
      onChange();
    },
    get isEmpty() {
      return tracker.isEmpty;
    },
    destroy() {
      observer.disconnect();
      stopWatchingRatio();
      canvas.removeEventListener('pointerdown', onPointerDown);
      canvas.removeEventListener('pointermove', onPointerMove);
      canvas.removeEventListener('pointerup', onPointerEnd);
      canvas.removeEventListener('pointercancel', onPointerEnd);
      canvas.removeEventListener('lostpointercapture', onPointerEnd);
    },
  };
}

/**
 * Zooming, or moving the window to another screen, changes devicePixelRatio
 * without resizing the canvas in CSS pixels, so ResizeObserver stays silent.
 * A media query on the current ratio fires once it no longer matches.
 */
function watchPixelRatio(onChange: () => void): () => void {
  let query: MediaQueryList | null = null;
  const changed = (): void => {
    listen();
    onChange();
  };
  const listen = (): void => {
    query?.removeEventListener('change', changed);
    query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', changed);
  };
  listen();
  return () => query?.removeEventListener('change', changed);
}
