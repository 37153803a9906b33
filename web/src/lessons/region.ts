// Decision regions for 2-input networks: the engine evaluates a grid of
// points in one forwardBatch call; this file only colours pixels and draws
// the four samples on top.
import type { ForwardResult, Network } from '../engine/network';

export const GRID = 48;
/** The plotted square: inputs from −0.25 to 1.25 on both axes. */
const LO = -0.25;
const HI = 1.25;

export interface Point {
  x: number;
  y: number;
  /** 0 or 1 */
  label: number;
}

/** The grid's inputs, row-major from the top-left corner (x across, y up). */
export function gridInputs(n = GRID): Float32Array {
  const out = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const i = (row * n + col) * 2;
      out[i] = LO + ((HI - LO) * (col + 0.5)) / n;
      out[i + 1] = HI - ((HI - LO) * (row + 0.5)) / n;
    }
  }
  return out;
}

/** One engine call over the grid. */
export function gridForward(network: Network, n = GRID): ForwardResult {
  return network.forwardBatch(gridInputs(n), n * n);
}

/**
 * Paints `values` (one per grid cell, in [0, 1]; ≥ 0.5 reads as 1) blue for 1
 * and orange for 0, stronger the surer, then the samples as rings.
 */
export function paintRegion(canvas: HTMLCanvasElement, values: ArrayLike<number>, points: readonly Point[], n = GRID): void {
  const size = 240;
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  // One pixel per grid cell, scaled up smoothly: no seams between cells.
  const small = document.createElement('canvas');
  small.width = n;
  small.height = n;
  const sctx = small.getContext('2d');
  if (sctx === null) return;
  const image = sctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const v = values[i] ?? 0.5;
    const strength = Math.min(1, Math.abs(v - 0.5) * 2);
    const [r, g, b] = v >= 0.5 ? [60, 140, 230] : [230, 140, 30];
    const alpha = 0.15 + 0.6 * strength;
    image.data.set([r * alpha + 13 * (1 - alpha), g * alpha + 16 * (1 - alpha), b * alpha + 20 * (1 - alpha), 255], i * 4);
  }
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, size, size);
  const toPx = (v: number): number => ((v - LO) / (HI - LO)) * size;
  for (const p of points) {
    ctx.beginPath();
    ctx.arc(toPx(p.x), size - toPx(p.y), 13, 0, 2 * Math.PI);
    ctx.fillStyle = p.label >= 0.5 ? '#1e5fb4' : '#b4641e';
    ctx.fill();
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.font = 'bold 15px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(p.label), toPx(p.x), size - toPx(p.y));
  }
}

/** The four samples of a 2-input problem set as points. */
export function pointsOf(inputs: Float32Array, targets: Float32Array, count: number): Point[] {
  return Array.from({ length: count }, (_, i) => ({ x: inputs[2 * i]!, y: inputs[2 * i + 1]!, label: targets[i]! }));
}
