// What the network answers now: for gates and circuits every input row with
// its output and target; for the other problems accuracy and the test
// confusion matrix. Right and wrong are always the engine's verdict
// (session.evaluate), never a threshold applied here.
import type { Network, ProblemSet, TrainingSession } from '../engine';
import { fmt } from './colors';
import { el } from './dom';
import type { Run } from './run';

export interface Predictions {
  update(run: Run): void;
}

export function isTruthTable(group: string): boolean {
  return group === 'gates' || group === 'circuits';
}

/**
 * Whether the engine counts each row of `set` right: one `evaluate` per row,
 * so the rule (argmax, the ½ or logit-0 threshold of yes/no outputs, every
 * bit of a multi-label row) is the engine's, as in the accuracy it reports.
 */
export function rowVerdicts(session: TrainingSession, set: ProblemSet, multilabel: boolean): boolean[] {
  return Array.from({ length: set.count }, (_, r) => session.evaluate({
    inputs: set.inputs.subarray(r * set.inputSize, (r + 1) * set.inputSize),
    targets: set.targets.subarray(r * set.targetSize, (r + 1) * set.targetSize),
    count: 1,
    multilabel,
  }).correct === 1);
}

function truthTable(network: Network, session: TrainingSession, run: Run): HTMLElement {
  const set = run.data.test;
  const verdicts = rowVerdicts(session, set, run.data.multilabel);
  const out = network.forwardBatch(set.inputs, set.count).output;
  const n = network.outputSize;
  const table = el('table', { class: 'pg-table', 'data-testid': 'truth-table' });
  const head = el('tr', {});
  for (let i = 0; i < set.inputSize; i++) head.append(el('th', { text: `x${i}` }));
  for (let k = 0; k < n; k++) head.append(el('th', { text: n === 1 ? 'output' : `out${k}` }), el('th', { text: n === 1 ? 'target' : `t${k}` }));
  head.append(el('th', { text: 'right?' }));
  table.append(head);
  let correct = 0;
  for (let r = 0; r < set.count; r++) {
    const row = el('tr', {});
    for (let i = 0; i < set.inputSize; i++) row.append(el('td', { text: String(set.inputs[r * set.inputSize + i]) }));
    const ok = verdicts[r] === true;
    for (let k = 0; k < n; k++) {
      const y = out[r * n + k] ?? 0, t = set.targets[r * n + k] ?? 0;
      row.append(el('td', { text: fmt(y, 3) }), el('td', { text: String(t) }));
    }
    if (ok) correct++;
    row.append(el('td', { class: ok ? 'pg-ok' : 'pg-bad', text: ok ? '✓' : '✗' }));
    row.dataset.correct = String(ok);
    table.append(row);
  }
  table.dataset.correct = String(correct);
  table.dataset.rows = String(set.count);
  return el('div', {}, table, el('p', { class: 'pg-muted', text: `${correct} of ${set.count} rows right, as the engine scores them.` }));
}

function confusion(run: Run): HTMLElement {
  const e = run.testEval;
  if (e === null) return el('p', {});
  const table = el('table', { class: 'pg-table', 'data-testid': 'confusion' });
  const head = el('tr', {}, el('th', { text: 'true ↓ / predicted →' }));
  for (let c = 0; c < e.classes; c++) head.append(el('th', { text: String(c) }));
  table.append(head);
  for (let r = 0; r < e.classes; r++) {
    const row = el('tr', {}, el('th', { text: String(r) }));
    for (let c = 0; c < e.classes; c++) row.append(el('td', { class: r === c ? 'pg-diag' : '', text: String(e.confusion[r * e.classes + c] ?? 0) }));
    table.append(row);
  }
  const train = run.trainEval;
  return el('div', {},
    el('p', { 'data-testid': 'accuracy', text: `Test accuracy ${(e.accuracy * 100).toFixed(1)}% (${e.correct}/${e.count})` + (train === null ? '' : `, training ${(train.accuracy * 100).toFixed(1)}%`) }),
    table);
}

export function setUpPredictions(root: HTMLElement, groupOf: (problem: string) => string): Predictions {
  const body = el('div', {});
  root.append(el('h2', { text: 'Predictions' }), body);
  return {
    update(run) {
      const network = run.network;
      if (network === null || run.session === null) {
        body.replaceChildren(el('p', { class: 'pg-muted', text: 'No network.' }));
        return;
      }
      body.replaceChildren(isTruthTable(groupOf(run.state.problem)) ? truthTable(network, run.session, run) : confusion(run));
    },
  };
}
