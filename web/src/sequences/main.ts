// The Sequences page: pick a task and T, train an RNN, an LSTM and a GRU side
// by side (one worker, the same data and seed), and look inside them: loss
// and test-metric curves, the gradient through time, the hidden state, and
// one cell stepped through at time t. The engine (in the worker) computes
// every number; this page arranges and draws them.
import '../style.css';
import './sequences.css';
import type { SequenceTaskInfo } from '../engine';
import { el } from '../playground/dom';
import { fmt } from '../playground/colors';
import { setUpGlossary, term } from '../glossary/tooltip';
import { markSymbols } from '../glossary/symbols';
import { CELL_NAMES, setUpRaceCharts, type RaceCharts } from './charts';
import { setUpStepThrough } from './cell';
import { setUpCharModel } from './charmodel';
import { setUpGradientMaps, setUpHiddenMap } from './panels';
import type { CellInspection, SequencesPageMessage, SequencesWorkerMessage } from './protocol';
import { CELLS, LIMITS, VIEWS, lengthRange, parseState, serializeState, standing, type Cell, type SequencesState } from './state';

/** One measured native run (docs/recurrent.md): the adding problem, where seed 003's length-50 claim was tested. */
const MEASURED_ADDING = 'Measured natively on 2026-12-01 (docs/recurrent.md, glassbox compare recurrent --task adding --seeds 3 --steps 2000): '
  + 'at T = 50 the RNN ends at MSE 0.0406 against the baseline 0.0417 (0 of 3 seeds solved), while the LSTM and the GRU solve all 3; at T = 25 the RNN solves 2 of 3.';

const TEMPLATE = `
  <form id="sq-controls" class="sq-controls" aria-label="Race settings" novalidate>
    <label class="sq-field"><span>Task</span><select id="sq-task" data-testid="sq-task"></select></label>
    <label class="sq-field sq-length"><span>${term('seqLength', 'T')} = <output id="sq-length-out" data-testid="sq-length-out" for="sq-length"></output></span>
      <input type="range" id="sq-length" data-testid="sq-length" step="1" aria-label="Sequence length T" /></label>
    <label class="sq-field"><span>${term('seed')}</span><input type="number" id="sq-seed" data-testid="sq-seed" min="1" max="2147483647" step="1" /></label>
    <label class="sq-field"><span>${term('step', 'steps')} per cell</span><input type="number" id="sq-steps" data-testid="sq-steps" min="50" max="3000" step="50" /></label>
    <label class="sq-field"><span>${term('truncate', 'truncate BPTT')} at</span><input type="number" id="sq-truncate" data-testid="sq-truncate" min="0" step="1" /></label>
    <div class="sq-buttons"><button type="submit" data-testid="sq-train">Train all three</button>
      <button type="button" id="sq-stop" data-testid="sq-stop" disabled>Stop</button></div>
  </form>
  <p id="sq-teaches" class="sq-teaches" data-testid="sq-teaches"></p>
  <p id="sq-measured" class="sq-muted" data-testid="sq-measured"></p>
  <section class="sq-section" aria-labelledby="sq-race-title">
    <h2 id="sq-race-title">The race: ${term('rnn')}, ${term('lstm')} and ${term('gru')}</h2>
    <p class="sq-muted">Same data, same ${term('seed')}, each cell with its known-good defaults (16 ${term('unit', 'units')}, ${term('adam')}, ${term('lr')} 0.01, batch 32, ${term('clipping')} at 1). The test metric is measured every 25 steps on 256 test sequences; the dashed line is the ${term('baseline')}.</p>
    <div id="sq-arms" class="sq-arms"></div>
    <div class="sq-charts"><div id="sq-chart-loss" class="sq-chart" data-testid="sq-chart-loss"></div><div id="sq-chart-metric" class="sq-chart" data-testid="sq-chart-metric"></div></div>
  </section>
  <section class="sq-section" aria-labelledby="sq-grad-title">
    <h2 id="sq-grad-title">Gradient through time: ${term('gradTime')}</h2>
    <p class="sq-muted">Each map: one row per evaluation (training goes down), one column per time step ${term('timeStep', 't')} = 1 … ${term('seqLength', 'T')}. Brightness is ${term('gradTime')} (${term('bptt')}), averaged over 8 test examples, on a log scale spanning 8 decades below the map's largest value: dark columns on the left are steps the gradient no longer reaches.</p>
    <div id="sq-grads" class="sq-grads"></div>
    <p id="sq-grad-note" class="sq-note" data-testid="sq-grad-note"></p>
  </section>
  <section class="sq-section" aria-labelledby="sq-hidden-title">
    <h2 id="sq-hidden-title">Hidden state: ${term('ht')} for one example</h2>
    <div class="sq-picks">
      <div id="sq-cell-pick" class="sq-toggle" role="group" aria-label="Cell"></div>
      <div id="sq-view-pick" class="sq-toggle" role="group" aria-label="Quantity shown"></div>
      <label class="sq-field"><span>test example</span><input type="number" id="sq-example" data-testid="sq-example" min="0" max="255" step="1" /></label>
    </div>
    <canvas id="sq-hidden" class="sq-heat sq-hidden-heat" data-testid="sq-hidden" role="img" aria-label="Hidden state heatmap"></canvas>
    <p id="sq-hidden-caption" class="sq-muted" data-testid="sq-hidden-caption"></p>
    <p id="sq-hidden-readout" class="sq-readout" data-testid="sq-hidden-readout"></p>
  </section>
  <section class="sq-section" aria-labelledby="sq-cell-title">
    <h2 id="sq-cell-title">Inside one cell at time ${term('timeStep', 't')}</h2>
    <p class="sq-muted">The chosen cell and example, at one time step: its gates with the engine's numbers, then the gradient going one step back. Focus the panel and use ← → to move through time.</p>
    <div id="sq-cell" class="sq-cell" data-testid="sq-cell" role="region" aria-label="Cell step-through"></div>
  </section>
  <p class="sq-muted">Terms: ${term('xt')} · ${term('ht')} · ${term('ct')} · ${term('gateI')} · ${term('gateF')} · ${term('gateG')} · ${term('gateO')} · ${term('gateR')} · ${term('gateZ')} · ${term('gateN')} · ${term('sigma')} · ${term('tanh')} · ${term('hadamard')} · ${term('delta')} · ${term('samplesPerSecond')} · ${term('mse')} · ${term('accuracy')}</p>`;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`sequences.html lacks #${id}`);
  return found as T;
}

function setStatus(text: string, kind: 'loading' | 'ready' | 'running' | 'error'): void {
  const status = byId('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

interface ArmCard {
  root: HTMLElement;
  step: HTMLElement;
  loss: HTMLElement;
  metric: HTMLElement;
  speed: HTMLElement;
  badge: HTMLElement;
}

function armCards(root: HTMLElement): Record<Cell, ArmCard> {
  root.replaceChildren();
  const out = {} as Record<Cell, ArmCard>;
  for (const cell of CELLS) {
    const card = { step: el('span', { 'data-testid': 'arm-step' }), loss: el('span', { 'data-testid': 'arm-loss' }), metric: el('span', { 'data-testid': 'arm-metric' }),
      speed: el('span', { 'data-testid': 'arm-speed' }), badge: el('span', { class: 'sq-badge', 'data-testid': 'arm-standing' }) };
    const root2 = el('div', { class: `sq-arm sq-arm-${cell}`, 'data-testid': `sq-arm-${cell}`, 'data-standing': '' },
      el('h3', {}, el('span', { class: 'sq-swatch', 'aria-hidden': 'true' }), CELL_NAMES[cell], ' ', card.badge),
      el('p', {}, 'step ', card.step, ' · loss ', card.loss), el('p', {}, card.metric), el('p', {}, card.speed, ' samples/s'));
    root.append(root2);
    out[cell] = { root: root2, ...card };
  }
  return out;
}

function start(): void {
  setUpGlossary();
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'glassbox-sequences' });
  const send = (m: SequencesPageMessage): void => worker.postMessage(m);
  worker.onmessage = (event: MessageEvent<SequencesWorkerMessage>) => {
    const m = event.data;
    if (m.type === 'error') setStatus(m.message, 'error');
    else if (m.type === 'ready') run(m.tasks, worker, send);
  };
}

function run(tasks: SequenceTaskInfo[], worker: Worker, send: (m: SequencesPageMessage) => void): void {
  const body = byId('sq-body');
  body.innerHTML = TEMPLATE;
  setUpCharModel(body);
  let state: SequencesState = parseState(location.search, tasks);
  const form = byId<HTMLFormElement>('sq-controls');
  const taskPick = byId<HTMLSelectElement>('sq-task');
  const lengthInput = byId<HTMLInputElement>('sq-length');
  const seedInput = byId<HTMLInputElement>('sq-seed');
  const stepsInput = byId<HTMLInputElement>('sq-steps');
  const truncateInput = byId<HTMLInputElement>('sq-truncate');
  const exampleInput = byId<HTMLInputElement>('sq-example');
  const train = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const stop = byId<HTMLButtonElement>('sq-stop');
  const cards = armCards(byId('sq-arms'));
  const grads = setUpGradientMaps(byId('sq-grads'));
  const hidden = setUpHiddenMap(byId<HTMLCanvasElement>('sq-hidden'), byId('sq-hidden-caption'), byId('sq-hidden-readout'));
  const inspections = new Map<Cell, CellInspection>();
  let charts: RaceCharts | null = null;
  let race: { baseline: number; regression: boolean; length: number; metrics: Partial<Record<Cell, number>> } | null = null;

  for (const t of tasks) taskPick.append(el('option', { value: t.name, text: t.name.replace('_', ' ') }));
  const task = (): SequenceTaskInfo => tasks.find((t) => t.name === state.task) ?? tasks[0]!;
  const saveUrl = (): void => history.replaceState(null, '', `?${serializeState(state)}`);

  const step = setUpStepThrough(byId('sq-cell'), (time) => {
    state.time = time;
    saveUrl();
    drawHidden();
  });

  function drawHidden(): void {
    const c = inspections.get(state.cell) ?? null;
    hidden.show(c, state.view, Math.min(state.time, c === null ? 1 : c.hidden.length / c.units), state.example);
  }
  function showInspection(): void {
    drawHidden();
    step.show(inspections.get(state.cell) ?? null, state.time);
  }

  function syncControls(): void {
    const t = task();
    const [lo, hi] = lengthRange(t);
    taskPick.value = t.name;
    lengthInput.min = String(lo);
    lengthInput.max = String(hi);
    lengthInput.value = String(state.length);
    byId('sq-length-out').textContent = String(state.length);
    seedInput.value = String(state.seed);
    stepsInput.value = String(state.steps);
    truncateInput.max = String(state.length);
    truncateInput.value = String(state.truncate);
    exampleInput.value = String(state.example);
    byId('sq-teaches').textContent = t.teaches;
    byId('sq-measured').textContent = t.name === 'adding' ? MEASURED_ADDING : '';
    const cellPick = byId('sq-cell-pick');
    cellPick.replaceChildren(...CELLS.map((c) => {
      const b = el('button', { type: 'button', 'data-testid': `sq-cell-${c}`, 'aria-pressed': String(c === state.cell), text: CELL_NAMES[c] });
      b.addEventListener('click', () => {
        state.cell = c;
        if (!VIEWS[c].includes(state.view)) state.view = 'h';
        saveUrl();
        syncControls();
        showInspection();
      });
      return b;
    }));
    const viewPick = byId('sq-view-pick');
    viewPick.replaceChildren(...VIEWS[state.cell].map((v) => {
      const b = el('button', { type: 'button', 'data-testid': `sq-view-${v}`, 'aria-pressed': String(v === state.view), text: v === 'h' ? 'h_t' : v === 'c' ? 'c_t' : v });
      b.addEventListener('click', () => {
        state.view = v;
        saveUrl();
        syncControls();
        drawHidden();
      });
      return b;
    }));
  }

  const whole = (input: HTMLInputElement, lo: number, hi: number, fallback: number): number => {
    const n = Number(input.value);
    return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : fallback;
  };
  taskPick.addEventListener('change', () => {
    state = parseState(`task=${encodeURIComponent(taskPick.value)}&seed=${state.seed}&steps=${state.steps}&bptt=${state.truncate}&cell=${state.cell}`, tasks);
    saveUrl();
    syncControls();
  });
  lengthInput.addEventListener('input', () => {
    const [lo, hi] = lengthRange(task());
    state.length = whole(lengthInput, lo, hi, state.length);
    state.time = Math.min(state.time, state.length);
    state.truncate = Math.min(state.truncate, state.length);
    truncateInput.max = String(state.length);
    truncateInput.value = String(state.truncate);
    byId('sq-length-out').textContent = String(state.length);
    saveUrl();
  });
  for (const [input, key] of [[seedInput, 'seed'], [stepsInput, 'steps']] as const) {
    input.addEventListener('change', () => {
      const [lo, hi] = LIMITS[key];
      state[key] = whole(input, lo, hi, state[key]);
      input.value = String(state[key]);
      saveUrl();
    });
  }
  truncateInput.addEventListener('change', () => {
    state.truncate = whole(truncateInput, 0, state.length, state.truncate);
    truncateInput.value = String(state.truncate);
    saveUrl();
  });
  exampleInput.addEventListener('change', () => {
    state.example = whole(exampleInput, ...LIMITS.example, state.example);
    exampleInput.value = String(state.example);
    saveUrl();
    send({ type: 'inspect', example: state.example });
  });

  const idle = (): void => {
    train.disabled = false;
    stop.disabled = true;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    charts?.dispose();
    charts = null;
    race = null;
    grads.reset();
    inspections.clear();
    showInspection();
    byId('sq-grad-note').textContent = '';
    for (const cell of CELLS) {
      const c = cards[cell];
      for (const part of [c.step, c.loss, c.metric, c.speed, c.badge]) part.textContent = '';
      c.root.dataset.standing = '';
    }
    document.body.dataset.race = 'running';
    train.disabled = true;
    stop.disabled = false;
    setStatus(`Training an RNN, an LSTM and a GRU on ${state.task.replace('_', ' ')}, T = ${state.length}${state.truncate > 0 ? `, BPTT truncated to ${state.truncate} steps` : ''}…`, 'running');
    send({ type: 'start', settings: { task: state.task, length: state.length, seed: state.seed, steps: state.steps, truncate: state.truncate, example: state.example } });
  });
  stop.addEventListener('click', () => send({ type: 'stop' }));

  function noteGradients(): void {
    if (race === null) return;
    const r = race;
    const ratio = (c: Cell): string => {
      const v = grads.ratio(c);
      return v === null ? 'n/a' : fmt(v, 3);
    };
    const at = CELLS.filter((c) => r.metrics[c] !== undefined && standing(r.metrics[c]!, r.baseline, r.regression) === 'at baseline');
    const text = `‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ now: ${CELLS.map((c) => `${CELL_NAMES[c]} ${ratio(c)}`).join(', ')}. `;
    byId('sq-grad-note').textContent = text + (at.includes('rnn') && at.length < 3
      ? `At T = ${r.length} the RNN stays at the baseline while ${CELLS.filter((c) => !at.includes(c)).map((c) => CELL_NAMES[c]).join(' and ')} learn: little of its gradient reaches the early steps.`
      : at.includes('rnn') ? `At T = ${r.length} all three are still at the baseline.` : `At T = ${r.length} the RNN is not stuck at the baseline.`);
    byId('sq-grad-note').dataset.rnnAtBaseline = String(at.includes('rnn'));
    markSymbols(byId('sq-grad-note'));
  }

  worker.onmessage = (event: MessageEvent<SequencesWorkerMessage>) => {
    const m = event.data;
    if (m.type === 'started') {
      race = { baseline: m.baseline, regression: m.regression, length: m.settings.length, metrics: {} };
      charts = setUpRaceCharts(byId('sq-chart-loss'), byId('sq-chart-metric'), CELLS, m.regression, m.baseline);
    } else if (m.type === 'progress') {
      for (const a of m.arms) {
        charts?.addLoss(a.cell, a.step, a.loss);
        cards[a.cell].step.textContent = String(a.step);
        cards[a.cell].loss.textContent = fmt(a.loss, 4);
        cards[a.cell].speed.textContent = Math.round(a.samplesPerSecond).toLocaleString('en');
      }
    } else if (m.type === 'evaluation') {
      if (race === null) return;
      const r = race;
      for (const a of m.arms) {
        charts?.addMetric(a.cell, a.step, a.metric);
        grads.add(a.cell, a.step, a.gradNorm);
        r.metrics[a.cell] = a.metric;
        const s = standing(a.metric, r.baseline, r.regression);
        const card = cards[a.cell];
        card.metric.textContent = r.regression ? `test MSE ${fmt(a.metric, 4)} (baseline ${fmt(r.baseline, 4)})` : `test accuracy ${(100 * a.metric).toFixed(1)}% (baseline ${(100 * r.baseline).toFixed(1)}%)`;
        card.badge.textContent = s;
        card.root.dataset.standing = s;
        card.root.dataset.metric = String(a.metric);
      }
      noteGradients();
    } else if (m.type === 'inspection') {
      for (const c of m.cells) inspections.set(c.cell, c);
      showInspection();
    } else if (m.type === 'done') {
      document.body.dataset.race = 'done';
      setStatus(`Done: ${state.steps} steps per cell in ${m.seconds.toFixed(1)} s. Drag T and train again, or step through a cell below.`, 'ready');
      idle();
    } else if (m.type === 'stopped') {
      document.body.dataset.race = 'stopped';
      setStatus('Stopped. The cells keep their weights: step through them below, or train again.', 'ready');
      idle();
    } else if (m.type === 'error') {
      document.body.dataset.race = 'error';
      setStatus(m.message, 'error');
      idle();
    }
  };

  syncControls();
  showInspection();
  saveUrl();
  markSymbols(body);
  document.body.dataset.state = 'ready';
  setStatus('Ready. Pick a task, drag T, and press Train all three.', 'ready');
}

start();
