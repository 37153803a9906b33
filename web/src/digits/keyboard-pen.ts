// Drawing without a pointer: the canvas takes the focus, the arrow keys move
// a pen (a ring drawn over the canvas), Space or Enter puts it down or lifts
// it, and moving while it is down draws. The strokes go through the same
// pad (and the same preprocessing) as a mouse's or a finger's.
import type { DrawingPad } from './drawing-pad';
import type { Point } from './strokes';

/** One arrow press moves the pen this fraction of the canvas; with Shift, a quarter of it. */
export const PEN_STEP = 0.05;
export const FINE_STEP = PEN_STEP / 4;

export interface KeyboardPen {
  readonly position: Point;
  readonly down: boolean;
  destroy(): void;
}

/** The pen's next position for an arrow key, kept inside the canvas; null for any other key. */
export function movePen(from: Point, key: string, fine: boolean): Point | null {
  const step = fine ? FINE_STEP : PEN_STEP;
  const clamp = (v: number): number => Math.min(1, Math.max(0, Math.round(v * 1e6) / 1e6));
  switch (key) {
    case 'ArrowLeft':
      return { x: clamp(from.x - step), y: from.y };
    case 'ArrowRight':
      return { x: clamp(from.x + step), y: from.y };
    case 'ArrowUp':
      return { x: from.x, y: clamp(from.y - step) };
    case 'ArrowDown':
      return { x: from.x, y: clamp(from.y + step) };
    default:
      return null;
  }
}

/**
 * Makes `canvas` focusable and drawable from the keyboard. `ring` is an
 * element positioned over the canvas inside `frame` (its offset parent); it
 * marks the pen while the canvas has the focus. `onState` hears "pen up at …"
 * / "pen down" for the visible hint.
 */
export function setUpKeyboardPen(canvas: HTMLCanvasElement, ring: HTMLElement, frame: HTMLElement, pad: DrawingPad, onState: (text: string) => void): KeyboardPen {
  let position: Point = { x: 0.5, y: 0.5 };
  let down = false;
  canvas.tabIndex = 0;

  function place(): void {
    const box = canvas.getBoundingClientRect();
    const outer = frame.getBoundingClientRect();
    const style = getComputedStyle(canvas);
    const left = Number.parseFloat(style.borderLeftWidth) || 0;
    const top = Number.parseFloat(style.borderTopWidth) || 0;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    // Offsets are from the frame's padding box (inside its border).
    ring.style.left = `${box.left - outer.left - frame.clientLeft + left + position.x * width}px`;
    ring.style.top = `${box.top - outer.top - frame.clientTop + top + position.y * height}px`;
    ring.dataset.pen = down ? 'down' : 'up';
  }

  function describe(): void {
    const at = `${Math.round(position.x * 100)}% across, ${Math.round(position.y * 100)}% down`;
    onState(down ? `Pen down (drawing) at ${at}. Space lifts it.` : `Pen up at ${at}. Space puts it down; arrow keys move it.`);
    canvas.dataset.pen = down ? 'down' : 'up';
  }

  function onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      down = !down;
      if (down) pad.beginStroke(position);
      else pad.endStroke();
    } else if (event.key === 'Escape') {
      if (!down) return;
      down = false;
      pad.endStroke();
    } else {
      const next = movePen(position, event.key, event.shiftKey);
      if (next === null) return;
      // The canvas owns the arrow keys while it has the focus: the page must not scroll.
      event.preventDefault();
      position = next;
      if (down) pad.continueStroke(position);
    }
    place();
    describe();
  }

  function onFocus(): void {
    ring.hidden = false;
    place();
    describe();
  }

  function onBlur(): void {
    ring.hidden = true;
    if (down) {
      down = false;
      pad.endStroke();
    }
    canvas.dataset.pen = 'up';
  }

  canvas.addEventListener('keydown', onKey);
  canvas.addEventListener('focus', onFocus);
  canvas.addEventListener('blur', onBlur);
  ring.hidden = true;
  return {
    get position() {
      return position;
    },
    get down() {
      return down;
    },
    destroy() {
      canvas.removeEventListener('keydown', onKey);
      canvas.removeEventListener('focus', onFocus);
      canvas.removeEventListener('blur', onBlur);
    },
  };
}
