// The drawing canvas: pointer input (mouse, touch, pen) to white round strokes
// on black. Keeps the strokes so a resize or DPR change can repaint them sharp.
import { StrokeTracker, normalizedStrokeWidth, segmentsOf, toCanvasPoint, type Point, type Rect, type Segment } from './strokes';

/** Stroke width as a fraction of the canvas side: close to MNIST's pen width once scaled to 20×20. */
export const STROKE_WIDTH_FRACTION = 0.07;

export interface DrawingPad {
  /** The current pixels, at backing-store resolution. */
  readPixels(): ImageData;
  /**
   * The strokes painted again with the pen width scaled to the drawing's size
   * (normalizedStrokeWidth), so a small and a large digit reach the network
   * with the same stroke width. Same resolution as readPixels.
   */
  readEvenStrokePixels(): ImageData;
  clear(): void;
  /** Adds whole strokes (normalised points), as if drawn: the keyboard pen and "load a test digit" use it. */
  addStrokes(strokes: readonly (readonly Point[])[]): void;
  /** Starts a stroke at `point` (the keyboard pen going down); extend it with continueStroke, finish with endStroke. */
  beginStroke(point: Point): void;
  continueStroke(point: Point): void;
  endStroke(): void;
  readonly isEmpty: boolean;
  destroy(): void;
}

export function setUpDrawingPad(canvas: HTMLCanvasElement, onChange: () => void): DrawingPad {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('This browser cannot draw on a 2D canvas.');
  const ctx = context;
  const tracker = new StrokeTracker();

  function fillBackground(target = ctx): void {
    target.fillStyle = '#000';
    target.fillRect(0, 0, target.canvas.width, target.canvas.height);
  }

  function paint(segments: readonly Segment[], target = ctx, widthFraction = STROKE_WIDTH_FRACTION): void {
    const side = target.canvas.width;
    target.strokeStyle = '#fff';
    target.fillStyle = '#fff';
    target.lineWidth = widthFraction * side;
    target.lineCap = 'round';
    target.lineJoin = 'round';
    for (const { from, to } of segments) {
      if (from.x === to.x && from.y === to.y) {
        // A zero-length line may paint nothing; a tap should leave a dot.
        target.beginPath();
        target.arc(from.x * side, from.y * side, target.lineWidth / 2, 0, Math.PI * 2);
        target.fill();
      } else {
        target.beginPath();
        target.moveTo(from.x * side, from.y * side);
        target.lineTo(to.x * side, to.y * side);
        target.stroke();
      }
    }
  }

  /** Matches the backing store to the content box's CSS size × devicePixelRatio, then repaints. */
  function resize(): void {
    const rect = contentRect(canvas);
    const side = Math.max(1, Math.round(rect.width * (window.devicePixelRatio || 1)));
    if (canvas.width === side && canvas.height === side) return;
    canvas.width = side;
    canvas.height = side;
    fillBackground();
    paint(segmentsOf(tracker.strokes));
    onChange();
  }

  function pointsOf(event: PointerEvent): Point[] {
    const rect = contentRect(canvas);
    // Coalesced events recover the points the browser merged into this one, for smooth fast strokes.
    const coalesced = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    const events = coalesced.length > 0 ? coalesced : [event];
    return events.map((e) => toCanvasPoint(e.clientX, e.clientY, rect));
  }

  function onPointerDown(event: PointerEvent): void {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    const rect = contentRect(canvas);
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

  let offscreen: CanvasRenderingContext2D | null = null;
  function readEvenStrokePixels(): ImageData {
    if (offscreen === null || offscreen.canvas.width !== canvas.width) {
      const element = document.createElement('canvas');
      element.width = canvas.width;
      element.height = canvas.height;
      offscreen = element.getContext('2d', { willReadFrequently: true });
      if (offscreen === null) throw new Error('This browser cannot draw on a 2D canvas.');
    }
    fillBackground(offscreen);
    paint(segmentsOf(tracker.strokes), offscreen, normalizedStrokeWidth(tracker.strokes));
    return offscreen.getImageData(0, 0, canvas.width, canvas.height);
  }

  // Not a pointer id any device uses: the keyboard's stroke and loaded strokes.
  const KEYBOARD = -1;
  return {
    readPixels: () => ctx.getImageData(0, 0, canvas.width, canvas.height),
    addStrokes(strokes) {
      for (const stroke of strokes) {
        const [first, ...rest] = stroke;
        if (first === undefined) continue;
        paint([tracker.begin(KEYBOARD, first), ...tracker.extend(KEYBOARD, rest)]);
        tracker.end(KEYBOARD);
      }
      onChange();
    },
    beginStroke(point) {
      paint([tracker.begin(KEYBOARD, point)]);
      onChange();
    },
    continueStroke(point) {
      const segments = tracker.extend(KEYBOARD, [point]);
      if (segments.length === 0) return;
      paint(segments);
      onChange();
    },
    endStroke() {
      tracker.end(KEYBOARD);
    },
    readEvenStrokePixels,
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
 * The canvas's content box in client coordinates: its border box less borders
 * and padding. The backing store covers exactly this box, so sizing it from
 * the border box (284 px for a 280 px canvas with a 2 px border) would put ink
 * up to 2 px off the pointer near the edges.
 */
export function contentRect(element: HTMLElement): Rect {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const px = (value: string): number => Number.parseFloat(value) || 0;
  const left = px(style.borderLeftWidth) + px(style.paddingLeft);
  const top = px(style.borderTopWidth) + px(style.paddingTop);
  const right = px(style.borderRightWidth) + px(style.paddingRight);
  const bottom = px(style.borderBottomWidth) + px(style.paddingBottom);
  return {
    left: box.left + left,
    top: box.top + top,
    width: Math.max(0, box.width - left - right),
    height: Math.max(0, box.height - top - bottom),
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
