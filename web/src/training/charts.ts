// Live training charts with uPlot: loss per batch (EMA over faint raw values),
// test accuracy, samples per second.
import uPlot from 'uplot';
import { tickLabels } from '../tick-label';
import 'uplot/dist/uPlot.min.css';

const AXIS = { stroke: '#a9b4c0', grid: { stroke: '#222a34' }, ticks: { stroke: '#3a4452' }, font: '14px system-ui, sans-serif', labelFont: '14px system-ui, sans-serif' };

/** Puts the newest point's values in the legend while the cursor is not on the chart. */
function showLatest(u: uPlot): void {
  const last = u.data[0].length - 1;
  if (last >= 0 && (u.cursor.idx === null || u.cursor.idx === undefined)) u.setLegend({ idx: last });
}

/** One uPlot line chart in the site's style (the training page's and the Lab's). */
export function chart(target: HTMLElement, title: string, xLabel: string, series: uPlot.Series[], data: uPlot.AlignedData, yRange?: uPlot.Scale['range'], yLog = false, xLog = false): uPlot {
  const width = Math.max(240, Math.min(target.clientWidth || 360, 420));
  return new uPlot(
    {
      title,
      width,
      height: 200,
      legend: { show: true },
      scales: { x: xLog ? { time: false, distr: 3 } : { time: false }, y: yLog ? { distr: 3 } : yRange === undefined ? {} : { range: yRange } },
      axes: [
        { ...AXIS, label: xLabel },
        { ...AXIS, size: 56, values: tickLabels },
      ],
      series: [{ label: xLabel }, ...series],
      cursor: { drag: { x: false, y: false } },
      // Without the pointer over the chart, the legend shows the latest values instead of "--".
      hooks: { setCursor: [(u) => showLatest(u)], setData: [(u) => showLatest(u)] },
    },
    data,
    target,
  );
}

export interface TrainingCharts {
  reset(): void;
  addLosses(firstStep: number, losses: readonly number[]): void;
  addAccuracy(epoch: number, accuracy: number, kind: 'full' | 'subset'): void;
  addSpeed(seconds: number, samplesPerSecond: number): void;
  /** Points on each chart, for tests. */
  counts(): { loss: number; accuracy: number; speed: number };
  /** The slowest redraw of all three charts so far, in ms. */
  maxRedrawMs(): number;
  dispose(): void;
}

const EMA_ALPHA = 0.02;

export function setUpCharts(lossTarget: HTMLElement, accuracyTarget: HTMLElement, speedTarget: HTMLElement): TrainingCharts {
  let steps: number[] = [];
  let raw: number[] = [];
  let smooth: number[] = [];
  let accEpochs: number[] = [];
  let accFull: (number | null)[] = [];
  let accSubset: (number | null)[] = [];
  let speedX: number[] = [];
  let speedY: number[] = [];

  const loss = chart(lossTarget, 'Training loss per batch', 'step', [
    { label: 'batch', stroke: 'rgba(111, 130, 153, 0.35)', width: 1, points: { show: false } },
    { label: 'smoothed', stroke: '#ffc83d', width: 2, points: { show: false } },
  ], [[], [], []]);
  const accuracy = chart(accuracyTarget, 'Test accuracy (%)', 'epoch', [
    { label: '10,000 test images', stroke: '#7ee787', width: 2, points: { show: true, size: 7 }, spanGaps: true },
    { label: '1,000 (live)', stroke: 'rgba(126, 231, 135, 0.5)', width: 1, dash: [4, 4], points: { show: true, size: 4 }, spanGaps: true },
  ], [[], [], []]);
  const speed = chart(speedTarget, 'Samples per second', 'seconds', [
    { label: 'samples/s', stroke: '#79c0ff', width: 2, points: { show: false } },
  ], [[], []], (_u, min, max) => [0, Math.max(max, min + 1) * 1.1]);

  let pending = false;
  let maxRedrawMs = 0;
  function redraw(): void {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const start = performance.now();
      loss.setData([steps, raw, smooth]);
      accuracy.setData([accEpochs, accFull, accSubset]);
      speed.setData([speedX, speedY]);
      maxRedrawMs = Math.max(maxRedrawMs, performance.now() - start);
    });
  }

  return {
    reset() {
      steps = [];
      raw = [];
      smooth = [];
      accEpochs = [];
      accFull = [];
      accSubset = [];
      speedX = [];
      speedY = [];
      redraw();
    },
    addLosses(firstStep, losses) {
      let current = smooth.at(-1);
      losses.forEach((value, i) => {
        current = current === undefined ? value : current + EMA_ALPHA * (value - current);
        steps.push(firstStep + i);
        raw.push(value);
        smooth.push(current);
      });
      redraw();
    },
    addAccuracy(epoch, value, kind) {
      // x must stay sorted: a final evaluation can repeat the last epoch's x.
      if (accEpochs.length > 0 && epoch <= accEpochs.at(-1)!) epoch = accEpochs.at(-1)! + 1e-6;
      accEpochs.push(epoch);
      accFull.push(kind === 'full' ? value * 100 : null);
      accSubset.push(kind === 'subset' ? value * 100 : null);
      redraw();
    },
    addSpeed(seconds, samplesPerSecond) {
      speedX.push(seconds);
      speedY.push(samplesPerSecond);
      redraw();
    },
    maxRedrawMs: () => maxRedrawMs,
    counts() {
      return { loss: steps.length, accuracy: accEpochs.length, speed: speedX.length };
    },
    dispose() {
      loss.destroy();
      accuracy.destroy();
      speed.destroy();
    },
  };
}
