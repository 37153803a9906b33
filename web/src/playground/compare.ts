// A/B comparison: B is a copy of the current run with one setting changed;
// both start from the same seed (so the same initial weights when the
// architecture is unchanged) and train side by side. Loss curves overlay;
// wall-clock time per epoch is measured for each.
import type { Engine, TrainingSession } from '../engine';
import { lineChart, positive } from './charts';
import { el } from './dom';
import { architectureFor, optionsFor, type Dataset } from './run';
import { FALLBACK_LISTS, LIMITS, clampNumber, type EngineLists, type PlaygroundState } from './state';

export type Knob = 'learningRate' | 'optimizer' | 'activation' | 'batchSize';

/** State B: `a` with one knob set from the text `value` (validated like the URL, against the engine's `lists`). */
export function variant(a: PlaygroundState, knob: Knob, value: string, lists: EngineLists = FALLBACK_LISTS): PlaygroundState {
  switch (knob) {
    case 'learningRate': return { ...a, learningRate: clampNumber(value, ...LIMITS.learningRate, a.learningRate) };
    case 'batchSize': return { ...a, batchSize: clampNumber(value, ...LIMITS.batchSize, a.batchSize, true) };
    case 'optimizer': return { ...a, optimizer: lists.optimizers.find((o) => o === value) ?? a.optimizer };
    case 'activation': {
      const act = lists.activations.find((o) => o === value);
      return act === undefined ? a : { ...a, activations: a.activations.map(() => act) };
    }
  }
}

interface Side { session: TrainingSession; loss: number[]; time: number[]; ms: number; epoch: number }

export function setUpCompare(root: HTMLElement, engine: Engine, current: () => { state: PlaygroundState; data: Dataset }, lists: EngineLists = FALLBACK_LISTS): void {
  const knob = el('select', { 'aria-label': 'Setting to change in B', 'data-testid': 'ab-knob' });
  for (const [v, t] of [['learningRate', 'learning rate'], ['optimizer', 'optimizer'], ['activation', 'activation (all layers)'], ['batchSize', 'batch size']]) {
    knob.append(el('option', { value: v!, text: t! }));
  }
  const value = el('input', { type: 'text', value: '0.5', 'aria-label': 'Value in B', 'data-testid': 'ab-value', size: '10' });
  const epochsIn = el('input', { type: 'number', value: '200', min: '1', max: '5000', 'aria-label': 'Epochs', 'data-testid': 'ab-epochs' });
  const go = el('button', { type: 'button', text: 'Run A and B', 'data-testid': 'ab-run' });
  const info = el('p', { class: 'pg-muted', 'data-testid': 'ab-info' });
  const chartBox = el('div', { 'data-testid': 'ab-chart' });
  const timeBox = el('div', { 'data-testid': 'ab-time-chart' });
  root.append(
    el('h2', { text: 'A/B comparison' }),
    el('p', { class: 'pg-muted', text: 'A is the current setup; B is a copy with one setting changed. Both start from the same seed, so from the same initial weights.' }),
    el('div', { class: 'pg-row' }, el('span', { text: 'In B, set' }), knob, el('span', { text: 'to' }), value, el('span', { text: 'for' }), epochsIn, el('span', { text: 'epochs' }), go),
    info, el('div', { class: 'pg-charts' }, chartBox, timeBox),
  );
  const chart = lineChart(chartBox, 'Training loss: A vs B', [
    { label: 'A', stroke: '#e68c1e', width: 2 },
    { label: 'B', stroke: '#2878dc', width: 2, dash: [6, 4] },
  ], 'log');
  const timeChart = lineChart(timeBox, 'Wall-clock ms of training, by epoch', [
    { label: 'A', stroke: '#e68c1e', width: 2 },
    { label: 'B', stroke: '#2878dc', width: 2, dash: [6, 4] },
  ], 'auto');
  let sides: Side[] = [];
  let epochs: number[] = [];
  let running = false;
  let total = 0;
  let labels = ['', ''];

  function stop(): void {
    running = false;
    for (const s of sides) s.session.dispose();
    sides = [];
  }

  function tick(): void {
    if (!running) return;
    const deadline = performance.now() + 12;
    const { data } = current();
    while (performance.now() < deadline && (sides[0]?.epoch ?? total) < total) {
      for (const side of sides) {
        const t0 = performance.now();
        try {
          const stats = side.session.step(1);
          side.ms += performance.now() - t0;
          if (stats.epoch > side.epoch) side.epoch = stats.epoch;
        } catch (error) {
          info.textContent = error instanceof Error ? error.message : String(error);
          stop();
          return;
        }
      }
      const epoch = Math.min(...sides.map((s) => s.epoch));
      if (epoch > (epochs.at(-1) ?? 0)) {
        epochs.push(epoch);
        for (const s of sides) {
          s.loss.push(s.session.evaluate(data.train).meanLoss);
          s.time.push(s.ms);
        }
      }
    }
    chart.setData([epochs, positive(sides[0]?.loss ?? []), positive(sides[1]?.loss ?? [])]);
    timeChart.setData([epochs, sides[0]?.time ?? [], sides[1]?.time ?? []]);
    const per = sides.map((s) => (s.epoch > 0 ? s.ms / s.epoch : 0));
    info.textContent = `A (${labels[0]}): loss ${sides[0]?.loss.at(-1)?.toPrecision(4) ?? '–'}, ${per[0]?.toFixed(2)} ms per epoch · `
      + `B (${labels[1]}): loss ${sides[1]?.loss.at(-1)?.toPrecision(4) ?? '–'}, ${per[1]?.toFixed(2)} ms per epoch · epoch ${epochs.at(-1) ?? 0}/${total}`;
    chartBox.dataset.points = String(epochs.length);
    if ((epochs.at(-1) ?? 0) >= total) {
      chartBox.dataset.done = 'true';
      stop();
      return;
    }
    requestAnimationFrame(tick);
  }

  go.addEventListener('click', () => {
    stop();
    const { state, data } = current();
    const k = knob.value as Knob;
    const b = variant(state, k, value.value, lists);
    total = clampNumber(epochsIn.value, 1, 5000, 200, true);
    const describe = (s: PlaygroundState): string => k === 'activation' ? (s.activations[0] ?? '') : String(s[k]);
    labels = [describe(state), describe(b)];
    try {
      sides = [state, b].map((s) => ({ session: engine.startTraining(architectureFor(s, data), data.train, optionsFor(s, data)), loss: [], time: [], ms: 0, epoch: 0 }));
    } catch (error) {
      info.textContent = error instanceof Error ? error.message : String(error);
      return;
    }
    epochs = [];
    chartBox.dataset.done = 'false';
    running = true;
    requestAnimationFrame(tick);
  });
}
