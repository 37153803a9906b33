// Loss (train and test) and accuracy per epoch, with uPlot.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el } from './dom';
import type { History } from './run';
import { tickLabels } from '../tick-label';

const AXIS = { stroke: '#a9b4c0', grid: { stroke: '#222a34' }, ticks: { stroke: '#3a4452' }, font: '14px system-ui, sans-serif', labelFont: '14px system-ui, sans-serif' };

const CHART_WIDTH = 340;
const CHART_HEIGHT = 190;

export interface Charts {
  update(history: History): void;
}

/** Only powers of ten on a log axis: uPlot's minor lines otherwise crowd into bands. */
function logAxis(): uPlot.Axis {
  const decades = (_u: uPlot, splits: number[]): (number | null)[] => splits.map((v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
  return { ...AXIS, filter: decades, grid: { ...AXIS.grid, filter: decades }, ticks: { ...AXIS.ticks, filter: decades }, values: tickLabels, size: 56 };
}

/** y: 'log' for losses, 'unit' for [0, 1] (accuracy), 'auto' otherwise. */
export function lineChart(target: HTMLElement, title: string, series: uPlot.Series[], y: 'log' | 'unit' | 'auto', xLabel = 'epoch'): uPlot {
  return new uPlot(
    {
      title,
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      scales: { x: { time: false }, y: y === 'log' ? { distr: 3 } : y === 'unit' ? { range: [0, 1] } : {} },
      axes: [{ ...AXIS, label: xLabel }, y === 'log' ? logAxis() : { ...AXIS, values: tickLabels }],
      series: [{ label: xLabel }, ...series],
      cursor: { drag: { x: false, y: false } },
    },
    [[], ...series.map(() => [])],
    target,
  );
}

/** Log scales cannot show 0: floor each loss at a tiny positive value. */
export function positive(values: number[]): number[] {
  return values.map((v) => (Number.isFinite(v) ? Math.max(v, 1e-7) : 1e-7));
}

export function setUpCharts(root: HTMLElement): Charts {
  const lossBox = el('div', { 'data-testid': 'loss-chart' });
  const accBox = el('div', { 'data-testid': 'accuracy-chart' });
  root.append(el('div', { class: 'pg-charts' }, lossBox, accBox));
  const loss = lineChart(lossBox, 'Loss', [
    { label: 'train', stroke: '#e68c1e', width: 2 },
    { label: 'test', stroke: '#2878dc', width: 2, dash: [6, 4] },
  ], 'log');
  const acc = lineChart(accBox, 'Accuracy', [
    { label: 'train', stroke: '#e68c1e', width: 2 },
    { label: 'test', stroke: '#2878dc', width: 2, dash: [6, 4] },
  ], 'unit');
  // 340 px wide where there is room, narrower on a phone: never wider than the column (no sideways scrolling).
  const fit = (): void => {
    const width = Math.max(200, Math.min(CHART_WIDTH, Math.floor(root.clientWidth)));
    if (width === loss.width) return;
    for (const chart of [loss, acc]) chart.setSize({ width, height: CHART_HEIGHT });
  };
  new ResizeObserver(fit).observe(root);
  fit();
  return {
    update(h) {
      loss.setData([h.epoch, positive(h.trainLoss), positive(h.testLoss)]);
      acc.setData([h.epoch, h.trainAccuracy, h.testAccuracy]);
      lossBox.dataset.points = String(h.epoch.length);
    },
  };
}
