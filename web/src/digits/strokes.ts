// Pointer input as strokes, independent of the DOM so it can be unit tested.
// Points are normalised to the canvas ([0, 1] on both axes), which lets the
// drawing be replayed at any backing-store size after a resize.

export interface Point {
  x: number;
  y: number;
}

/** A piece of ink to paint. `from === to` (same coordinates) is a dot. */
export interface Segment {
  from: Point;
  to: Point;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Client coordinates to normalised canvas coordinates. Not clamped: with pointer capture a stroke may leave the canvas and come back. */
export function toCanvasPoint(clientX: number, clientY: number, rect: Rect): Point {
  return {
    x: rect.width > 0 ? (clientX - rect.left) / rect.width : 0,
    y: rect.height > 0 ? (clientY - rect.top) / rect.height : 0,
  };
}

/** Tracks one stroke per active pointer (so two fingers draw two lines) and keeps all strokes for replay. */
export class StrokeTracker {
  readonly #active = new Map<number, Point[]>();
  readonly #strokes: Point[][] = [];

  get isEmpty(): boolean {
    return this.#strokes.length === 0;
  }

  get strokes(): readonly (readonly Point[])[] {
    return this.#strokes;
  }

  isActive(pointerId: number): boolean {
    return this.#active.has(pointerId);
  }

  /** Starts a stroke; returns the dot to paint so a tap leaves a mark. */
  begin(pointerId: number, point: Point): Segment {
    const stroke = [point];
    this.#active.set(pointerId, stroke);
    this.#strokes.push(stroke);
    return { from: point, to: point };
  }

  /** Adds points to a pointer's stroke; returns the segments joining them. Unknown pointers are ignored. */
  extend(pointerId: number, points: readonly Point[]): Segment[] {
    const stroke = this.#active.get(pointerId);
    if (stroke === undefined) return [];
    const segments: Segment[] = [];
    for (const point of points) {
      const last = stroke[stroke.length - 1]!;
      if (last.x === point.x && last.y === point.y) continue;
      segments.push({ from: last, to: point });
      stroke.push(point);
    }
    return segments;
  }

  end(pointerId: number): void {
    this.#active.delete(pointerId);
  }

  clear(): void {
    this.#active.clear();
    this.#strokes.length = 0;
  }
}

/** Every segment of a set of strokes, in drawing order, for repainting. */
export function segmentsOf(strokes: readonly (readonly Point[])[]): Segment[] {
  const segments: Segment[] = [];
  for (const stroke of strokes) {
    const first = stroke[0];
    if (first === undefined) continue;
    segments.push({ from: first, to: first });
    for (let i = 1; i < stroke.length; i++) segments.push({ from: stroke[i - 1]!, to: stroke[i]! });
  }
  return segments;
}

/**
 * MNIST's median stroke width once a digit is scaled into its 20×20 box
 * (2.6 px; measured in the issue this fixes). Drawing with a pen of fixed
 * width, a small digit reaches the network with strokes twice as thick.
 */
export const TARGET_STROKE_PX = 2.6;
/** The box the engine's preprocessing scales a digit's ink into. */
export const DIGIT_BOX_PX = 20;
/** Narrowest pen for a drawing that is (almost) a dot, as a fraction of the canvas. */
export const MIN_STROKE_FRACTION = 0.02;

/**
 * The pen width, as a fraction of the canvas, that makes these strokes reach
 * the network TARGET_STROKE_PX wide. The ink's bounding box is the points'
 * extent P (the longer side) plus the pen width w (half of it on each side,
 * from the round caps), and preprocessing scales that box to DIGIT_BOX_PX, so
 * w / (P + w) · 20 = 2.6, i.e. w = 2.6 · P / (20 − 2.6) ≈ 0.149 · P.
 */
export function normalizedStrokeWidth(strokes: readonly (readonly Point[])[]): number {
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (const stroke of strokes)
    for (const { x, y } of stroke) {
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  if (left > right) return MIN_STROKE_FRACTION;
  const extent = Math.max(right - left, bottom - top);
  return Math.max(MIN_STROKE_FRACTION, (TARGET_STROKE_PX * extent) / (DIGIT_BOX_PX - TARGET_STROKE_PX));
}
