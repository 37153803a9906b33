// Heatmaps on a canvas, one pixel per cell (CSS scales it up, pixelated):
// the hidden state (units × time) and the gradient through time (training
// steps × time). Colours only; the numbers under the pointer are the engine's.
import { divergingRgb } from '../playground/colors';

export interface HeatmapGrid {
  rows: number;
  cols: number;
  /** Row-major values, rows × cols. */
  values: ArrayLike<number>;
  /** The value shown at full colour (signed values: ±scale). */
  scale: number;
  /** Draw log₁₀(value / scale) from −decades (dark) to 0 (bright) instead of a signed linear scale. */
  logDecades?: number;
  /** A column to outline (the step-through's t), 0-based. */
  mark?: number;
}

const MARK = [255, 255, 255] as const;

/** Paints `grid` into `canvas` (resized to cols × rows pixels). */
export function drawHeatmap(canvas: HTMLCanvasElement, grid: HeatmapGrid): void {
  const { rows, cols, values, scale } = grid;
  canvas.width = Math.max(1, cols);
  canvas.height = Math.max(1, rows);
  const ctx = canvas.getContext('2d');
  if (ctx === null || rows === 0 || cols === 0) return;
  const image = ctx.createImageData(cols, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c] ?? 0;
      let rgb: readonly number[];
      if (grid.mark === c && (r === 0 || r === rows - 1)) rgb = MARK;
      else if (grid.logDecades !== undefined) {
        const level = v > 0 && scale > 0 ? 1 + Math.log10(v / scale) / grid.logDecades : 0;
        rgb = divergingRgb(Math.max(0, Math.min(1, level)));
      } else rgb = divergingRgb(scale > 0 ? v / scale : 0);
      image.data.set([rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0, 255], (r * cols + c) * 4);
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** The grid cell under a pointer event on the (CSS-scaled) canvas. */
export function cellAt(canvas: HTMLCanvasElement, event: MouseEvent): { row: number; col: number } | null {
  const box = canvas.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;
  const col = Math.floor(((event.clientX - box.left) / box.width) * canvas.width);
  const row = Math.floor(((event.clientY - box.top) / box.height) * canvas.height);
  if (col < 0 || row < 0 || col >= canvas.width || row >= canvas.height) return null;
  return { row, col };
}

/** The largest |value|, at least `floor` (so an all-zero map stays dark instead of dividing by 0). */
export function maxAbs(values: ArrayLike<number>, floor = 1e-12): number {
  let m = floor;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] ?? 0));
  return m;
}
