// The Lab's live charts: one uPlot line chart per measured curve (series per
// arm), the per-layer gradient norms of each arm's latest epoch (log scale),
// the CNN's learned first-layer filters, the matrices an arm measured
// (attention weights, cosine similarities, the optimizers' learning-rate
// sweep) as shaded tables, and the sweep as a log-log line chart.
import type uPlot from 'uplot';
import { chart } from '../training/charts';
import type { LabChart, LabEvents, LabMatrix, LabResult } from '../engine';

const COLORS = ['#ffc83d', '#79c0ff', '#7ee787', '#ff7b72', '#d2a8ff'];

const TITLES: Record<Exclude<LabChart, 'gradient_norms' | 'filters' | 'matrices' | 'sweep'>, [string, string]> = {
  loss: ['Training loss per epoch', 'epoch'],
  loss_2d: ['Training loss per epoch, two moons (cross-entropy)', 'epoch'],
  test_mse: ['Test MSE per epoch', 'epoch'],
  test_accuracy: ['Test accuracy (%)', 'epoch'],
  train_accuracy: ['Training accuracy (%)', 'epoch'],
  validation_loss: ['Validation loss', 'epoch'],
};

export interface LabCharts {
  add(events: LabEvents): void;
  showFilters(result: LabResult): void;
  showMatrices(result: LabResult): void;
  /** The learning-rate sweep matrix (if the result has one) as a log-log chart. */
  showSweep(result: LabResult): void;
  /** Points per chart, for tests. */
  counts(): Record<string, number>;
  dispose(): void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const POSITIVE = [255, 200, 61], NEGATIVE = [121, 192, 255];
const PAGE = [13, 16, 20]; // --bg in style.css, under the translucent shade

/** WCAG relative luminance of an sRGB colour (0..255 channels). */
function luminance(rgb: number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white text, whichever contrasts more with the cell's colour: at worst 4.58:1. */
function textOn(rgb: number[]): string {
  const l = luminance(rgb);
  const light = 1; // white
  return (l + 0.05) / 0.05 >= (light + 0.05) / (l + 0.05) ? '#000' : '#fff';
}

/**
 * A matrix as a table, each cell shaded by its value (scaled by the largest
 * |value|): orange positive, blue negative. The shade is set through the
 * CSSOM, which the page's CSP allows (inline style attributes it does not).
 */
function matrixTable(m: LabMatrix): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'lab-matrix';
  const scale = Math.max(...m.values.map(Math.abs)) || 1;
  figure.innerHTML = `<figcaption>${escapeHtml(m.title)}</figcaption><div class="lab-matrix-scroll"><table data-testid="lab-matrix">
    <thead><tr><th scope="col"><span class="visually-hidden">row</span></th>${m.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>
    <tbody>${m.rows.map((r) => `<tr><th scope="row">${escapeHtml(r)}</th>${'<td></td>'.repeat(m.columns.length)}</tr>`).join('')}</tbody></table></div>`;
  figure.querySelectorAll('tbody tr').forEach((row, i) => {
    row.querySelectorAll('td').forEach((td, j) => {
      const v = m.values[i * m.columns.length + j] ?? 0;
      td.textContent = v.toFixed(2);
      const a = Number(Math.min(1, Math.abs(v) / scale).toFixed(2));
      const shade = v >= 0 ? POSITIVE : NEGATIVE;
      td.style.backgroundColor = `rgba(${shade.join(', ')}, ${a})`;
      td.style.color = textOn(shade.map((c, k) => a * c + (1 - a) * (PAGE[k] ?? 0)));
    });
  });
  return figure;
}

/** The arms of a 2-D data set arm are named "moons: sgd", ...: the 'loss_2d' chart draws them. */
const TWO_D_PREFIX = 'moons: ';
const SWEEP_TITLE = 'Learning-rate sweep';

/** Sorted union of the arms' x values, each arm's y aligned to it (null where it has none). */
function align(perArm: Map<number, number>[]): uPlot.AlignedData {
  const xs = [...new Set(perArm.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return [xs, ...perArm.map((m) => xs.map((x) => m.get(x) ?? null))];
}

export function setUpLabCharts(root: HTMLElement, charts: LabChart[], arms: string[]): LabCharts {
  root.replaceChildren();
  // Per chart: its series' arms (indices into `arms`) and one point map per series.
  const plots = new Map<string, { plot: uPlot; arms: number[]; data: Map<number, number>[] }>();
  const hasTwoD = charts.includes('loss_2d');
  const seriesOf = (members: number[], strip = ''): uPlot.Series[] => members.map((arm, i) => ({
    label: (arms[arm] ?? '').slice(strip.length), stroke: COLORS[i % COLORS.length] ?? '#ffc83d', width: 2, points: { show: false }, spanGaps: true }));
  const series = (): uPlot.Series[] => seriesOf(arms.map((_, i) => i));
  for (const kind of charts) {
    if (kind === 'gradient_norms' || kind === 'filters' || kind === 'matrices' || kind === 'sweep') continue;
    const box = document.createElement('div');
    box.className = 'lab-chart';
    box.dataset.testid = `lab-chart-${kind}`;
    root.append(box);
    const [plainTitle, x] = TITLES[kind];
    // With a 2-D data set beside it, the plain loss chart is the first set's (parity-3, MSE).
    const title = kind === 'loss' && hasTwoD ? 'Training loss per epoch, parity-3 (MSE)' : plainTitle;
    const members = arms.map((_, i) => i).filter((i) => !hasTwoD || (arms[i] ?? '').startsWith(TWO_D_PREFIX) === (kind === 'loss_2d'));
    const data = members.map(() => new Map<number, number>());
    plots.set(kind, { plot: chart(box, title, x, seriesOf(members, kind === 'loss_2d' ? TWO_D_PREFIX : ''), align(data), undefined, kind === 'loss' || kind === 'loss_2d' || kind === 'validation_loss' || kind === 'test_mse'), arms: members, data });
  }
  let norms: { plot: uPlot; data: Map<number, number>[] } | null = null;
  if (charts.includes('gradient_norms')) {
    const box = document.createElement('div');
    box.className = 'lab-chart';
    box.dataset.testid = 'lab-chart-gradient_norms';
    root.append(box);
    const data = arms.map(() => new Map<number, number>());
    norms = { plot: chart(box, 'Gradient norm ‖∂L/∂W‖ per layer (latest epoch)', 'layer (1 = input side)', series(), align(data), undefined, true), data };
  }
  const filters = document.createElement('div');
  if (charts.includes('filters')) {
    filters.className = 'lab-filters';
    filters.dataset.testid = 'lab-filters';
    filters.innerHTML = '<h3>The CNN\'s learned 3×3 filters (first layer)</h3><p class="lab-note">Shown when the CNN has trained. Orange positive, blue negative.</p>';
    root.append(filters);
  }

  const matrices = document.createElement('div');
  if (charts.includes('matrices')) {
    matrices.className = 'lab-matrices';
    matrices.dataset.testid = 'lab-matrices';
    matrices.innerHTML = '<p class="lab-note">Shown when the model has trained: darker orange is a larger value, blue a negative one.</p>';
    root.append(matrices);
  }

  const sweep = document.createElement('div');
  let sweepPlot: uPlot | null = null;
  if (charts.includes('sweep')) {
    sweep.className = 'lab-chart';
    sweep.dataset.testid = 'lab-chart-sweep';
    sweep.innerHTML = '<p class="lab-note">The learning-rate sweep is drawn here once it has run (after the Adam arm).</p>';
    root.append(sweep);
  }

  let pending = false;
  const redraw = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      for (const { plot, data } of plots.values()) plot.setData(align(data));
      if (norms !== null) norms.plot.setData(align(norms.data));
    });
  };

  return {
    add(events) {
      for (const p of events.points) {
        const target = plots.get(p.chart);
        if (target === undefined) continue;
        target.data[target.arms.indexOf(p.arm)]?.set(p.x, p.y);
      }
      if (norms !== null) {
        for (const layer of events.layers) {
          const m = new Map<number, number>();
          // A zero norm has no place on a log axis: leave it out.
          layer.norms.forEach((n, i) => { if (n > 0) m.set(i + 1, n); });
          norms.data[layer.arm] = m;
        }
      }
      redraw();
    },
    showFilters(result) {
      if (result.filters === undefined || !charts.includes('filters')) return;
      const [count = 0, channels = 1, k = 0] = result.filters.shape;
      const values = result.filters.values;
      const scale = Math.max(...values.map(Math.abs)) || 1;
      const row = document.createElement('div');
      row.className = 'lab-filter-row';
      for (let f = 0; f < count; f++) {
        const canvas = document.createElement('canvas');
        canvas.width = k;
        canvas.height = k;
        canvas.className = 'lab-filter';
        canvas.setAttribute('aria-label', `filter ${f + 1}`);
        const ctx = canvas.getContext('2d');
        if (ctx === null) continue;
        const image = ctx.createImageData(k, k);
        for (let i = 0; i < k * k; i++) {
          const v = (values[f * channels * k * k + i] ?? 0) / scale; // channel 0: the input is one grey channel
          const a = Math.round(255 * Math.abs(v));
          image.data.set(v >= 0 ? [255, 200, 61, a] : [121, 192, 255, a], i * 4);
        }
        ctx.putImageData(image, 0, 0);
        row.append(canvas);
      }
      filters.querySelector('.lab-filter-row')?.remove();
      filters.append(row);
    },
    showMatrices(result) {
      if (!charts.includes('matrices')) return;
      matrices.querySelectorAll('figure').forEach((f) => f.remove());
      for (const arm of result.arms) for (const m of arm.matrices) matrices.append(matrixTable(m));
    },
    showSweep(result) {
      const m = result.arms.flatMap((a) => a.matrices).find((x) => x.title.startsWith(SWEEP_TITLE));
      if (!charts.includes('sweep') || m === undefined) return;
      // Columns "× 0.1" … "× 10": the learning-rate scale; −1 (not reached) has no point.
      const scales = m.columns.map((c) => Number(c.replace('× ', '')));
      const data: uPlot.AlignedData = [scales, ...m.rows.map((_, r) => scales.map((__, c) => {
        const v = m.values[r * scales.length + c] ?? -1;
        return v > 0 ? v : null;
      }))];
      sweepPlot?.destroy();
      sweep.replaceChildren();
      const lines = m.rows.map((name, i) => ({ label: name, stroke: COLORS[i % COLORS.length] ?? '#ffc83d', width: 2, points: { show: true, size: 6 }, spanGaps: false }));
      sweepPlot = chart(sweep, 'Learning-rate sweep, parity-3: epochs to target (log-log)', 'η × scale', lines, data, undefined, true, true);
      const note = document.createElement('p');
      note.className = 'lab-note';
      note.textContent = 'A missing point: that optimizer did not reach the target at that rate within the epoch limit.';
      sweep.append(note);
    },
    counts() {
      const out: Record<string, number> = {};
      for (const [kind, { data }] of plots) out[kind] = data.reduce((n, m) => n + m.size, 0);
      if (norms !== null) out.gradient_norms = norms.data.reduce((n, m) => n + m.size, 0);
      if (sweepPlot !== null) out.sweep = sweepPlot.data.slice(1).reduce((n, ys) => n + Array.from(ys as ArrayLike<number | null | undefined>).filter((y) => typeof y === 'number').length, 0);
      return out;
    },
    dispose() {
      for (const { plot } of plots.values()) plot.destroy();
      norms?.plot.destroy();
      sweepPlot?.destroy();
    },
  };
}
