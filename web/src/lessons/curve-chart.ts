// A line chart (uPlot) with one highlighted point: the sigmoid with the
// neuron's current z, or the loss L(w) with the current weight.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const AXIS = { stroke: '#a9b4c0', grid: { stroke: '#222a34' }, ticks: { stroke: '#3a4452' }, font: '14px system-ui, sans-serif', labelFont: '14px system-ui, sans-serif' };

export interface CurveChart {
  setCurve(x: number[], y: number[]): void;
  /** The highlighted point (null hides it). */
  setPoint(point: { x: number; y: number } | null): void;
  /** Extra points drawn as a trail (gradient-descent steps). */
  setTrail(points: { x: number; y: number }[]): void;
  dispose(): void;
}

function widthOf(target: HTMLElement): number {
  return Math.max(260, Math.min(560, target.clientWidth || 480));
}

export function curveChart(target: HTMLElement, xLabel: string, yLabel: string, yRange?: [number, number]): CurveChart {
  let point: { x: number; y: number } | null = null;
  let trail: { x: number; y: number }[] = [];
  const dot = (u: uPlot, p: { x: number; y: number }, radius: number, fill: string): void => {
    const cx = u.valToPos(p.x, 'x', true);
    const cy = u.valToPos(p.y, 'y', true);
    u.ctx.beginPath();
    u.ctx.arc(cx, cy, radius * devicePixelRatio, 0, 2 * Math.PI);
    u.ctx.fillStyle = fill;
    u.ctx.fill();
  };
  const chart = new uPlot(
    {
      width: widthOf(target),
      height: 220,
      legend: { show: false },
      scales: { x: { time: false }, y: yRange === undefined ? {} : { range: yRange } },
      axes: [{ ...AXIS, label: xLabel }, { ...AXIS, label: yLabel }],
      series: [{ label: xLabel }, { label: yLabel, stroke: '#6fb3ff', width: 2 }],
      cursor: { show: false },
      hooks: {
        draw: [
          (u) => {
            trail.forEach((p, i) => dot(u, p, 4, i === trail.length - 1 ? '#ffc83d' : '#e68c1e'));
            if (point !== null) dot(u, point, 7, '#ffc83d');
          },
        ],
      },
    },
    [[], []],
    target,
  );
  const resize = new ResizeObserver(() => chart.setSize({ width: widthOf(target), height: 220 }));
  resize.observe(target);
  return {
    setCurve(x, y) {
      chart.setData([x, y]);
    },
    setPoint(p) {
      point = p;
      target.dataset.pointX = p === null ? '' : String(p.x);
      target.dataset.pointY = p === null ? '' : String(p.y);
      chart.redraw(false, false);
    },
    setTrail(points) {
      trail = points;
      target.dataset.trail = String(points.length);
      chart.redraw(false, false);
    },
    dispose() {
      resize.disconnect();
      chart.destroy();
    },
  };
}
