// The Sequences page's two heatmap panels: the gradient through time
// (‖∂L/∂h_t‖ over t and training steps, one map per cell) and the hidden
// state of the chosen cell (units × time, or a gate, or c_t) for the chosen
// example. They only arrange the engine's numbers into grids.
import { el } from '../playground/dom';
import { fmt } from '../playground/colors';
import { markSymbols } from '../glossary/symbols';
import { cellAt, drawHeatmap, maxAbs } from './heatmap';
import type { CellInspection } from './protocol';
import { CELL_NAMES } from './charts';
import { CELLS, type Cell } from './state';

/** Decades of ‖∂L/∂h_t‖ the gradient maps span, from the map's largest value down. */
export const GRADIENT_DECADES = 8;

export interface GradientMaps {
  /** One evaluation's ‖∂L/∂h_t‖ per t (the engine's gradientThroughTime profile) as a new row. */
  add(cell: Cell, step: number, norms: Float64Array): void;
  rows(cell: Cell): number;
  reset(): void;
}

export function setUpGradientMaps(root: HTMLElement): GradientMaps {
  const maps = new Map<Cell, { steps: number[]; rows: Float64Array[]; canvas: HTMLCanvasElement; readout: HTMLElement }>();
  root.replaceChildren();
  for (const cell of CELLS) {
    const canvas = el('canvas', { class: 'sq-heat sq-grad-heat', 'data-testid': `sq-grad-${cell}`, role: 'img', 'aria-label': `${CELL_NAMES[cell]}: gradient norm per time step (columns) and training step (rows)` });
    const readout = el('p', { class: 'sq-readout', 'data-testid': `sq-grad-readout-${cell}` });
    const box = el('figure', { class: 'sq-grad-map' }, el('figcaption', { text: CELL_NAMES[cell] }), canvas, readout);
    root.append(box);
    const entry = { steps: [] as number[], rows: [] as Float64Array[], canvas, readout };
    maps.set(cell, entry);
    canvas.addEventListener('mousemove', (event) => {
      const at = cellAt(canvas, event);
      const row = at === null ? undefined : entry.rows[at.row];
      if (at === null || row === undefined) return;
      readout.textContent = `step ${entry.steps[at.row]}, t = ${at.col + 1}: ‖∂L/∂h_t‖ = ${fmt(row[at.col] ?? 0, 4)}`;
    });
  }
  const describe = (cell: Cell): void => {
    const m = maps.get(cell)!;
    const last = m.rows.at(-1);
    if (last === undefined) {
      m.readout.textContent = '';
      return;
    }
    m.readout.textContent = `step ${m.steps.at(-1)}: ‖∂L/∂h₁‖ = ${fmt(last[0] ?? 0, 3)}, ‖∂L/∂h_T‖ = ${fmt(last.at(-1) ?? 0, 3)}`;
  };
  return {
    add(cell, step, norms) {
      const m = maps.get(cell)!;
      m.steps.push(step);
      m.rows.push(norms);
      const cols = norms.length;
      const values = new Float64Array(m.rows.length * cols);
      m.rows.forEach((r, i) => values.set(r, i * cols));
      drawHeatmap(m.canvas, { rows: m.rows.length, cols, values, scale: maxAbs(values), logDecades: GRADIENT_DECADES });
      describe(cell);
    },
    rows: (cell) => maps.get(cell)?.rows.length ?? 0,
    reset() {
      for (const cell of CELLS) {
        const m = maps.get(cell)!;
        m.steps = [];
        m.rows = [];
        drawHeatmap(m.canvas, { rows: 0, cols: 0, values: [], scale: 1 });
        describe(cell);
      }
    },
  };
}

const GATE_NAMES: Record<Cell, readonly string[]> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] };
const VIEW_TEXT: Record<string, string> = {
  h: 'h_t, the hidden state', i: 'i, the input gate', f: 'f, the forget gate', g: 'g, the candidate', o: 'o, the output gate',
  c: 'c_t, the cell state', r: 'r, the reset gate', z: 'z, the update gate', n: 'n, the candidate state',
};

/** The chosen quantity as units × time (row j, column t−1), and the value drawn at full colour. */
export function hiddenGrid(c: CellInspection, view: string): { values: Float32Array; scale: number; steps: number } {
  const steps = c.hidden.length / c.units;
  const values = new Float32Array(c.units * steps);
  const gateIndex = GATE_NAMES[c.cell].indexOf(view);
  for (let j = 0; j < c.units; j++) {
    for (let k = 0; k < steps; k++) {
      const v = view === 'c' ? c.cellState[k * c.units + j]
        : gateIndex >= 0 ? c.gates[(k * c.gateCount + gateIndex) * c.units + j]
          : c.hidden[k * c.units + j];
      values[j * steps + k] = v ?? 0;
    }
  }
  // h, the gates and the candidates lie in (−1, 1); c_t may grow past 1.
  return { values, steps, scale: view === 'c' ? maxAbs(values) : 1 };
}

export interface HiddenMap {
  show(c: CellInspection | null, view: string, time: number, example: number): void;
}

export function setUpHiddenMap(canvas: HTMLCanvasElement, caption: HTMLElement, readout: HTMLElement): HiddenMap {
  let current: { c: CellInspection; view: string; grid: ReturnType<typeof hiddenGrid> } | null = null;
  canvas.addEventListener('mousemove', (event) => {
    const at = cellAt(canvas, event);
    if (at === null || current === null) return;
    const v = current.grid.values[at.row * current.grid.steps + at.col] ?? 0;
    readout.textContent = `unit ${at.row + 1}, t = ${at.col + 1}: ${current.view} = ${fmt(v, 4)}`;
  });
  return {
    show(c, view, time, example) {
      if (c === null) {
        current = null;
        drawHeatmap(canvas, { rows: 0, cols: 0, values: [], scale: 1 });
        caption.textContent = 'Train to see the hidden state.';
        return;
      }
      const grid = hiddenGrid(c, view);
      current = { c, view, grid };
      drawHeatmap(canvas, { rows: c.units, cols: grid.steps, values: grid.values, scale: grid.scale, mark: time - 1 });
      const target = Array.from(c.target.length > 8 ? [] : c.target, (v) => fmt(v, 3));
      caption.textContent = `${CELL_NAMES[c.cell]}: ${VIEW_TEXT[view] ?? view}, ${c.units} units (rows) × ${grid.steps} time steps (columns), test example ${example}`
        + `${target.length > 0 ? `, target [${target.join(', ')}]` : ''}, loss ${fmt(c.loss, 4)}. Orange positive, blue negative; the white ticks mark t = ${time}.`;
      canvas.setAttribute('aria-label', caption.textContent);
      markSymbols(caption);
    },
  };
}
