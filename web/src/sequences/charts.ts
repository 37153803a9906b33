// The race's two live charts (uPlot, the site's chart style from
// training/charts.ts): training loss per step and the test metric (accuracy
// or MSE) per evaluation, one series per cell, the metric's baseline dashed.
import type uPlot from 'uplot';
import { chart } from '../training/charts';
import type { Cell } from './state';

export const CELL_COLORS: Record<Cell, string> = { rnn: '#ff7b72', lstm: '#79c0ff', gru: '#7ee787' };
export const CELL_NAMES: Record<Cell, string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

export interface RaceCharts {
  addLoss(cell: Cell, step: number, loss: number): void;
  addMetric(cell: Cell, step: number, metric: number): void;
  /** Points per series of each chart, for tests. */
  counts(): { loss: Record<Cell, number>; metric: Record<Cell, number> };
  dispose(): void;
}

function align(perCell: Map<number, number>[], extra?: number): uPlot.AlignedData {
  const xs = [...new Set(perCell.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const series = perCell.map((m) => xs.map((x) => m.get(x) ?? null));
  return extra === undefined ? [xs, ...series] : [xs, ...series, xs.map(() => extra)];
}

export function setUpRaceCharts(lossBox: HTMLElement, metricBox: HTMLElement, cells: readonly Cell[], regression: boolean, baseline: number): RaceCharts {
  const series = (): uPlot.Series[] => cells.map((c) => ({ label: CELL_NAMES[c], stroke: CELL_COLORS[c], width: 2, points: { show: false }, spanGaps: true }));
  const loss = cells.map(() => new Map<number, number>());
  const metric = cells.map(() => new Map<number, number>());
  const lossPlot = chart(lossBox, regression ? 'Training loss (MSE) per step' : 'Training loss (cross-entropy) per step', 'step', series(), align(loss), undefined, true);
  const metricPlot = chart(metricBox, regression ? 'Test MSE (lower is better)' : 'Test accuracy (%)', 'step',
    [...series(), { label: 'baseline', stroke: '#a9b4c0', width: 1, dash: [6, 4], points: { show: false } }],
    align(metric, regression ? baseline : 100 * baseline), regression ? (_u, _min, max) => [0, Math.max(max, baseline) * 1.1] : [0, 100]);
  let pending = false;
  const redraw = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      lossPlot.setData(align(loss));
      metricPlot.setData(align(metric, regression ? baseline : 100 * baseline));
    });
  };
  const index = (cell: Cell): number => cells.indexOf(cell);
  const count = (maps: Map<number, number>[]): Record<Cell, number> =>
    Object.fromEntries(cells.map((c, i) => [c, maps[i]?.size ?? 0])) as Record<Cell, number>;
  return {
    addLoss(cell, step, value) {
      if (value > 0 && Number.isFinite(value)) loss[index(cell)]?.set(step, value);
      redraw();
    },
    addMetric(cell, step, value) {
      metric[index(cell)]?.set(step, regression ? value : 100 * value);
      redraw();
    },
    counts: () => ({ loss: count(loss), metric: count(metric) }),
    dispose() {
      lossPlot.destroy();
      metricPlot.destroy();
    },
  };
}
