// Where every neuron, pixel and feature map sits, in world units, for the two
// layouts. Pure arithmetic so it can be unit tested without WebGL.
//
// 3D: stages are sheets in the y–z plane, one behind another along x (input on
//     the left), to be looked at obliquely and orbited.
// 2D: the same sheets turned to face the camera (x–y plane), side by side.
import { hasConnections, type Stage } from './stages';

export type LayoutMode = '3d' | '2d';

/** Distance between neighbouring pixels (input and feature maps). */
export const PIXEL_SPACING = 1;
/** Distance between neighbouring hidden neurons. */
export const NEURON_SPACING = 1.8;
/** Distance between output neurons (bigger: they carry labels). */
export const OUTPUT_SPACING = 3.6;
/** Gap along x before a stage whose incoming connections are drawn: room for the lines. */
const LINKED_GAP: Record<LayoutMode, number> = { '3d': 42, '2d': 10 };
/** Gap before any other stage (e.g. conv → pool, where no lines are drawn). */
const PLAIN_GAP: Record<LayoutMode, number> = { '3d': 16, '2d': 6 };
/** Smallest gap between the planes of a feature-map stack (3D), or between tiles (2D, in pixels). */
const MAP_GAP: Record<LayoutMode, number> = { '3d': 2.5, '2d': 2 };
/** Tallest a tiled feature-map stage may be in 2D, in world units (the input is 28). */
const MAX_TILED_HEIGHT = 64;

export interface Grid {
  cols: number;
  rows: number;
}

/**
 * A near-square grid for n cells: a perfect square stays square (784 → 28×28);
 * otherwise the column count is the power of two at or above √n, so 128 is
 * 16×8, 64 is 8×8 and 32 is 8×4.
 */
export function gridShape(n: number): Grid {
  if (n <= 0) return { cols: 0, rows: 0 };
  const side = Math.round(Math.sqrt(n));
  if (side * side === n) return { cols: side, rows: side };
  const cols = Math.min(n, 2 ** Math.ceil(Math.log2(Math.sqrt(n))));
  return { cols, rows: Math.ceil(n / cols) };
}

/** The grid a stage is drawn with in a layout: outputs are a column; 2D prefers tall grids. */
export function stageGrid(stage: Stage, mode: LayoutMode): Grid {
  if (stage.isOutput) return { cols: 1, rows: stage.size };
  const grid = gridShape(stage.size);
  return mode === '2d' && grid.cols > grid.rows ? { cols: grid.rows, rows: grid.cols } : grid;
}

export interface PlaneLayout {
  /** Centre of each channel's plane (channels × 3). */
  centers: Float32Array;
  width: number;
  height: number;
}

export interface StageLayout {
  /** World position of every value the stage shows (size × 3), e.g. each neuron or each map pixel. */
  positions: Float32Array;
  /** Size of one cell (pixel or neuron spacing): instances are scaled to it. */
  cell: number;
  /** Where the stage's caption goes: centred above it. */
  top: [number, number, number];
  /** Image stages (feature maps, an image input): one plane per channel. */
  planes?: PlaneLayout;
  /** Extent along x (3D: a map stack's depth; 2D: the stage's width). */
  extentX: number;
}

/** Writes a grid's cells (row 0 on top) into `out` from `start`, in the sheet plane of the layout. */
function placeGrid(out: Float32Array, start: number, grid: Grid, count: number, spacing: number, center: ArrayLike<number>, mode: LayoutMode): void {
  const cx = center[0] ?? 0;
  const cy = center[1] ?? 0;
  const cz = center[2] ?? 0;
  for (let i = 0; i < count; i++) {
    const u = ((i % grid.cols) - (grid.cols - 1) / 2) * spacing;
    const v = ((grid.rows - 1) / 2 - Math.floor(i / grid.cols)) * spacing;
    const o = (start + i) * 3;
    if (mode === '3d') {
      out[o] = cx;
      out[o + 1] = cy + v;
      out[o + 2] = cz + u;
    } else {
      out[o] = cx + u;
      out[o + 1] = cy + v;
      out[o + 2] = cz;
    }
  }
}

function layoutStage(stage: Stage, mode: LayoutMode): StageLayout {
  const positions = new Float32Array(stage.size * 3);
  if (stage.shape.length === 3) {
    const [channels = 0, height = 0, width = 0] = stage.shape;
    // 3D: a deck of planes along x, spaced so each one shows past its neighbour.
    // 2D: the planes tiled in a near-square grid, shrunk so a many-channel stage
    // stays about as tall as a couple of input images.
    const square = gridShape(channels);
    // Tall tiles, like the 2D neuron grids, so a wide stage does not squeeze the rest of the diagram.
    const tiles: Grid = mode === '3d' ? { cols: 1, rows: 1 } : { cols: Math.min(square.cols, square.rows), rows: Math.max(square.cols, square.rows) };
    const naturalHeight = tiles.rows * (height + MAP_GAP['2d']);
    const spacing = mode === '2d' ? Math.min(PIXEL_SPACING, MAX_TILED_HEIGHT / naturalHeight) : PIXEL_SPACING;
    const planeW = width * spacing;
    const planeH = height * spacing;
    const gap = mode === '3d' ? Math.max(MAP_GAP['3d'], planeW * 0.25) : MAP_GAP['2d'] * spacing;
    const centers = new Float32Array(channels * 3);
    for (let c = 0; c < channels; c++) {
      if (mode === '3d') {
        centers[c * 3] = (c - (channels - 1) / 2) * gap;
      } else {
        centers[c * 3] = ((c % tiles.cols) - (tiles.cols - 1) / 2) * (planeW + gap);
        centers[c * 3 + 1] = ((tiles.rows - 1) / 2 - Math.floor(c / tiles.cols)) * (planeH + gap);
      }
      placeGrid(positions, c * width * height, { cols: width, rows: height }, width * height, spacing, centers.subarray(c * 3, c * 3 + 3), mode);
    }
    const extentX = mode === '3d' ? (channels - 1) * gap : tiles.cols * (planeW + gap) - gap;
    const topY = mode === '3d' ? planeH / 2 : (tiles.rows * (planeH + gap)) / 2;
    return { positions, cell: spacing, top: [0, topY + 3, 0], planes: { centers, width: planeW, height: planeH }, extentX };
  }
  const grid = stageGrid(stage, mode);
  const spacing = stage.kind === 'pixels' ? PIXEL_SPACING : stage.isOutput ? OUTPUT_SPACING : NEURON_SPACING;
  placeGrid(positions, 0, grid, stage.size, spacing, [0, 0, 0], mode);
  const extentX = mode === '3d' ? 0 : grid.cols * spacing;
  return { positions, cell: spacing, top: [0, (grid.rows * spacing) / 2 + 3, 0], extentX };
}

function shiftX(layout: StageLayout, dx: number): void {
  for (let i = 0; i < layout.positions.length; i += 3) layout.positions[i]! += dx;
  if (layout.planes) for (let i = 0; i < layout.planes.centers.length; i += 3) layout.planes.centers[i]! += dx;
  layout.top[0] += dx;
}

/** Lays out every stage for a mode, left to right, centred on x = 0. */
export function layoutStages(stages: readonly Stage[], mode: LayoutMode): StageLayout[] {
  const layouts = stages.map((stage) => layoutStage(stage, mode));
  let x = 0;
  const centers = layouts.map((layout, i) => {
    const gap = hasConnections(stages[i]!) ? LINKED_GAP[mode] : PLAIN_GAP[mode];
    if (i > 0) x += layouts[i - 1]!.extentX / 2 + gap + layout.extentX / 2;
    return x;
  });
  const middle = x / 2;
  layouts.forEach((layout, i) => shiftX(layout, centers[i]! - middle));
  return layouts;
}

export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** The box holding every position of every stage (for fitting the camera). */
export function boundsOf(layouts: readonly StageLayout[]): Bounds {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const { positions, cell } of layouts) {
    for (let i = 0; i < positions.length; i += 3) {
      for (let a = 0; a < 3; a++) {
        const v = positions[i + a]!;
        if (v - cell / 2 < min[a]!) min[a] = v - cell / 2;
        if (v + cell / 2 > max[a]!) max[a] = v + cell / 2;
      }
    }
  }
  if (min[0] === Infinity) return { min: [-1, -1, -1], max: [1, 1, 1] };
  return { min, max };
}
