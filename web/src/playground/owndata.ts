// Your own data: click on the 2-D regions to add points of the chosen class
// (or type the point's x and y: the keyboard's way), or paste CSV (features…,
// label). Bad CSV is rejected with its line number.
import { CLASS_COLORS, rgb } from './colors';
import { oneHot, parseCsv, type OwnData } from './csv';
import { el } from './dom';
import { classOf } from './regions';
import type { Dataset } from './run';

export interface OwnDataPanel {
  addPoint(x: number, y: number): void;
  update(data: Dataset): void;
}

/** A dataset (train = test) with one-hot targets for softmax cross-entropy. */
export function datasetFrom(d: OwnData): Dataset {
  const set = { inputs: d.inputs, targets: oneHot(d.labels, d.classes), count: d.count, inputSize: d.inputSize, targetSize: d.classes };
  return { train: set, test: set, multilabel: false };
}

/** The current data as features + integer labels, so new points can join it. */
export function toOwn(data: Dataset): OwnData {
  const t = data.train;
  const labels = Int32Array.from({ length: t.count }, (_, i) => classOf(t.targets, t.targetSize, i));
  return { inputs: t.inputs, labels, count: t.count, inputSize: t.inputSize, classes: Math.max(2, t.targetSize) };
}

export function setUpOwnData(root: HTMLElement, current: () => Dataset, use: (data: Dataset) => void): OwnDataPanel {
  const classPick = el('select', { 'aria-label': 'Class of new points', 'data-testid': 'point-class' });
  const text = el('textarea', { rows: '5', cols: '40', 'aria-label': 'CSV data', 'data-testid': 'csv', placeholder: 'x1, x2, label\n0.5, -1.2, 0\n1.0, 0.3, 1' });
  const load = el('button', { type: 'button', text: 'Use this CSV', 'data-testid': 'csv-load' });
  const message = el('p', { class: 'pg-muted', 'data-testid': 'csv-message', role: 'status' });
  const px = el('input', { type: 'number', step: 'any', value: '0', 'aria-label': 'x of the new point', 'data-testid': 'point-x' });
  const py = el('input', { type: 'number', step: 'any', value: '0', 'aria-label': 'y of the new point', 'data-testid': 'point-y' });
  const add = el('button', { type: 'button', text: 'Add point', 'data-testid': 'point-add' });
  root.append(
    el('h2', { text: 'Your own data' }),
    el('p', { class: 'pg-muted', text: 'For 2-D problems: click the decision-region square to add a training point of this class (the run restarts with it).' }),
    el('div', { class: 'pg-row' }, el('span', { text: 'New points are class' }), classPick),
    el('div', { class: 'pg-row' }, el('span', { text: 'Or type one: x' }), px, el('span', { text: 'y' }), py, add),
    el('p', { text: 'Or paste CSV: one sample per line, the features, then an integer class label (0, 1, …). Training and test use the same rows.' }),
    text, el('div', { class: 'pg-row' }, load), message,
  );
  let classes = -1;

  add.addEventListener('click', () => {
    const x = px.valueAsNumber, y = py.valueAsNumber;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      message.textContent = 'Rejected: x and y must both be numbers.';
      message.dataset.kind = 'error';
      return;
    }
    if (current().train.inputSize !== 2) {
      message.textContent = 'Rejected: points can be added to 2-D problems only; paste CSV for others.';
      message.dataset.kind = 'error';
      return;
    }
    message.dataset.kind = 'ok';
    panel.addPoint(x, y);
  });

  load.addEventListener('click', () => {
    const result = parseCsv(text.value);
    if (!result.ok) {
      message.textContent = `Rejected: ${result.error}`;
      message.dataset.kind = 'error';
      return;
    }
    message.textContent = `Loaded ${result.data.count} rows, ${result.data.inputSize} features, ${result.data.classes} classes.`;
    message.dataset.kind = 'ok';
    use(datasetFrom(result.data));
  });

  const panel: OwnDataPanel = {
    addPoint(x, y) {
      const data = current();
      if (data.train.inputSize !== 2) return;
      const own = toOwn(data);
      const label = Math.min(Number(classPick.value) || 0, own.classes - 1);
      const inputs = new Float32Array(own.inputs.length + 2);
      inputs.set(own.inputs);
      inputs.set([x, y], own.inputs.length);
      const labels = new Int32Array(own.count + 1);
      labels.set(own.labels);
      labels[own.count] = label;
      use(datasetFrom({ ...own, inputs, labels, count: own.count + 1 }));
      message.textContent = `Added a class-${label} point at (${x.toFixed(2)}, ${y.toFixed(2)}).`;
    },
    update(data) {
      root.dataset.samples = String(data.train.count);
      const n = Math.max(2, data.train.targetSize);
      if (n === classes) return;
      classes = n;
      classPick.replaceChildren(...Array.from({ length: n }, (_, i) => {
        const o = el('option', { value: String(i), text: `class ${i}` });
        o.style.color = rgb(CLASS_COLORS[i % CLASS_COLORS.length]!);
        return o;
      }));
    },
  };
  return panel;
}
