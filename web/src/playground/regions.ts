// Decision regions for 2-D inputs: the network's output over a grid (one
// forwardBatch call), the data points on top, and a mini heatmap of one
// hidden neuron's own output while it is hovered in the diagram.
import type { Network } from '../engine';
import type { ForwardResult } from '../engine/network';
import type { DenseLayer } from './dense-layers';
import { CLASS_COLORS, divergingRgb, outputRgb, rgb } from './colors';
import { el } from './dom';
import type { Dataset } from './run';

export const GRID = 64;

export interface Bounds { x0: number; x1: number; y0: number; y1: number }

/** The data's extent with a 10% margin (and at least a unit square around constant data). */
export function boundsOf(inputs: Float32Array, count: number): Bounds {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = inputs[i * 2]!, y = inputs[i * 2 + 1]!;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const mx = Math.max(0.5, x1 - x0) * 0.15, my = Math.max(0.5, y1 - y0) * 0.15;
  return { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
}

/** Grid points (row-major from the top-left, y pointing up) for one forwardBatch call. */
export function gridInputs(b: Bounds, n = GRID): Float32Array {
  const out = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      out[(r * n + c) * 2] = b.x0 + ((c + 0.5) / n) * (b.x1 - b.x0);
      out[(r * n + c) * 2 + 1] = b.y1 - ((r + 0.5) / n) * (b.y1 - b.y0);
    }
  }
  return out;
}

/** The class of sample i: argmax of its target (or target ≥ 0.5 for one output). */
export function classOf(targets: Float32Array, size: number, i: number): number {
  if (size === 1) return (targets[i] ?? 0) >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < size; k++) if ((targets[i * size + k] ?? 0) > (targets[i * size + best] ?? 0)) best = k;
  return best;
}

/**
 * Where weight layer `dense`'s neurons show their own output in a forward
 * pass: the network's output for the last one (what the regions paint), else
 * its activation layer's output, or z itself when no activation follows.
 */
export function neuronSource(forward: ForwardResult, layers: readonly DenseLayer[], dense: number): { values: Float32Array } | undefined {
  const d = layers[dense];
  if (d === undefined) return undefined;
  if (dense === layers.length - 1) return { values: forward.output };
  return forward.layers[d.activationIndex >= 0 ? d.activationIndex : d.index];
}

export interface Regions {
  /** `dense`: the network's weight layers (Run.dense). */
  update(network: Network | null, data: Dataset, dense: readonly DenseLayer[]): void;
  showNeuron(dense: number, neuron: number): void;
  hideNeuron(): void;
}

export function setUpRegions(root: HTMLElement, onClick: (x: number, y: number) => void): Regions {
  const SIZE = 320;
  const canvas = el('canvas', { width: String(SIZE), height: String(SIZE), class: 'pg-regions', 'data-testid': 'regions', 'aria-label': 'Decision regions' });
  const mini = el('canvas', { width: String(GRID), height: String(GRID), class: 'pg-mini', 'data-testid': 'neuron-map' });
  const miniLabel = el('p', { class: 'pg-muted', text: 'Hover a hidden neuron in the diagram to see its own output here.' });
  root.append(el('div', { class: 'pg-regions-row' }, canvas, el('div', {}, mini, miniLabel)));
  const ctx = canvas.getContext('2d');
  const mctx = mini.getContext('2d');
  let bounds: Bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
  let last: ForwardResult | null = null;
  let lastDense: readonly DenseLayer[] = [];

  canvas.addEventListener('click', (event) => {
    const box = canvas.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width, fy = (event.clientY - box.top) / box.height;
    onClick(bounds.x0 + fx * (bounds.x1 - bounds.x0), bounds.y1 - fy * (bounds.y1 - bounds.y0));
  });

  function paint(target: CanvasRenderingContext2D, values: Float32Array, width: number, color: (v: Float32Array) => [number, number, number]): void {
    const img = target.createImageData(GRID, GRID);
    for (let p = 0; p < GRID * GRID; p++) {
      const c = color(values.subarray(p * width, p * width + width));
      img.data[p * 4] = c[0]; img.data[p * 4 + 1] = c[1]; img.data[p * 4 + 2] = c[2]; img.data[p * 4 + 3] = 255;
    }
    target.putImageData(img, 0, 0);
  }

  function points(data: Dataset): void {
    if (ctx === null) return;
    const sx = (x: number): number => ((x - bounds.x0) / (bounds.x1 - bounds.x0)) * SIZE;
    const sy = (y: number): number => ((bounds.y1 - y) / (bounds.y1 - bounds.y0)) * SIZE;
    for (const [set, filled] of [[data.train, true], [data.test, false]] as const) {
      for (let i = 0; i < set.count; i++) {
        const c = CLASS_COLORS[classOf(set.targets, set.targetSize, i) % CLASS_COLORS.length]!;
        ctx.beginPath();
        ctx.arc(sx(set.inputs[i * 2]!), sy(set.inputs[i * 2 + 1]!), filled ? 3.5 : 3, 0, Math.PI * 2);
        ctx.fillStyle = rgb(c);
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 1;
        if (filled) ctx.fill();
        ctx.stroke();
      }
    }
  }

  return {
    update(network, data, dense) {
      if (ctx === null || network === null || data.train.inputSize !== 2) return;
      bounds = boundsOf(data.train.inputs, data.train.count);
      last = network.forwardBatch(gridInputs(bounds), GRID * GRID);
      lastDense = dense;
      const width = network.outputSize;
      const off = document.createElement('canvas');
      off.width = GRID; off.height = GRID;
      const octx = off.getContext('2d');
      if (octx === null) return;
      paint(octx, last.output, width, (v) => outputRgb(v, 0.5));
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(off, 0, 0, SIZE, SIZE);
      points(data);
      canvas.dataset.updates = String(Number(canvas.dataset.updates ?? 0) + 1);
    },
    showNeuron(dense, neuron) {
      if (mctx === null || last === null) return;
      const source = neuronSource(last, lastDense, dense);
      if (source === undefined) return;
      const size = source.values.length / (GRID * GRID);
      const column = new Float32Array(GRID * GRID);
      let maxAbs = 1e-6;
      for (let p = 0; p < GRID * GRID; p++) {
        column[p] = source.values[p * size + neuron] ?? 0;
        maxAbs = Math.max(maxAbs, Math.abs(column[p]!));
      }
      paint(mctx, column, 1, (v) => divergingRgb((v[0] ?? 0) / maxAbs));
      miniLabel.textContent = `Layer ${dense + 1}, neuron ${neuron}: its output over the same square (blue −, orange +, max |a| = ${maxAbs.toPrecision(3)})`;
      mini.dataset.neuron = `${dense}:${neuron}`;
    },
    hideNeuron() {
      /* Keep the last map visible: it stays readable while the pointer moves on. */
    },
  };
}
