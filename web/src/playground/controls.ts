// The left column: problem picker (with what it teaches), architecture
// editor, hyperparameters, and Play / Pause / Step / Reset with speed.
import type { ProblemInfo } from '../engine';
import { markTerm } from '../glossary/tooltip';
import { el, field, numberInput, select } from './dom';
import { CHOICE_TERMS, groupName, problemName } from './names';
import {
  FALLBACK_LISTS, HIDABLE, LIMITS, MAX_HIDDEN_LAYERS, MAX_NEURONS, clampNumber, defaultState, type EngineLists, type Hidable, type PlaygroundState,
} from './state';

export interface ControlsHandlers {
  /** A setting changed: restart the run with this state. */
  change(state: PlaygroundState): void;
  play(): void;
  pause(): void;
  step(): void;
  reset(): void;
  /** Epochs per animation frame. */
  speed(epochsPerFrame: number): void;
}

export interface Controls {
  setState(state: PlaygroundState, io: { inputSize: number; outputSize: number }): void;
  setPlaying(playing: boolean): void;
}

export const SPEEDS = [0.1, 1, 5, 20, 100];

/** `lists`: the engine's activations, losses and optimizers (`listsFrom(engine.catalog())`), which the pickers offer. */
export function setUpControls(root: HTMLElement, catalog: ProblemInfo[], handlers: ControlsHandlers, lists: EngineLists = FALLBACK_LISTS): Controls {
  let state: PlaygroundState | null = null;
  let io = { inputSize: 0, outputSize: 0 };
  const emit = (next: PlaygroundState): void => {
    state = next;
    handlers.change(next);
  };

  const problem = el('select', { 'aria-label': 'Problem', 'data-testid': 'problem' });
  for (const group of [...new Set(catalog.map((p) => p.group))]) {
    const g = el('optgroup', { label: groupName(group) });
    for (const p of catalog.filter((q) => q.group === group)) g.append(el('option', { value: p.name, text: problemName(p.name) }));
    problem.append(g);
  }
  const teaches = el('p', { class: 'pg-teaches', 'data-testid': 'teaches' });
  problem.addEventListener('change', () => {
    const info = catalog.find((p) => p.name === problem.value);
    // A new problem's defaults, but what the link hides stays hidden.
    if (info !== undefined) emit({ ...defaultState(info, lists), hide: state?.hide ?? [] });
  });

  const layers = el('div', { class: 'pg-layers', 'data-testid': 'layers' });
  const addLayer = el('button', { type: 'button', text: '+ layer', 'data-testid': 'add-layer' });
  const removeLayer = el('button', { type: 'button', text: '− layer', 'data-testid': 'remove-layer' });
  addLayer.addEventListener('click', () => {
    if (state === null || state.hidden.length >= MAX_HIDDEN_LAYERS) return;
    emit({ ...state, hidden: [...state.hidden, 4], activations: [...state.activations, state.activations.at(-1) ?? state.outputActivation] });
  });
  removeLayer.addEventListener('click', () => {
    if (state === null || state.hidden.length === 0) return;
    emit({ ...state, hidden: state.hidden.slice(0, -1), activations: state.activations.slice(0, -1) });
  });
  const archLine = el('p', { class: 'pg-arch', 'data-testid': 'arch' });

  const loss = select(lists.losses, 'mse', 'Loss', 'loss');
  const optimizer = select(lists.optimizers, 'adam', 'Optimizer', 'optimizer');
  const lr = numberInput(0.01, LIMITS.learningRate[0], LIMITS.learningRate[1], 'any', 'Learning rate', 'learning-rate');
  const batch = numberInput(32, ...LIMITS.batchSize, '1', 'Batch size', 'batch-size');
  const l1 = numberInput(0, ...LIMITS.l1, 'any', 'L1');
  const l2 = numberInput(0, ...LIMITS.l2, 'any', 'L2');
  const dropout = numberInput(0, ...LIMITS.dropout, '0.05', 'Dropout');
  const seed = numberInput(1, ...LIMITS.seed, '1', 'Seed', 'seed');
  const epochs = numberInput(100, ...LIMITS.epochs, '1', 'Epoch budget', 'epochs');
  const target = numberInput(0, ...LIMITS.targetLoss, 'any', 'Target loss', 'target-loss');
  const noise = numberInput(0.1, ...LIMITS.noise, '0.05', 'Noise', 'noise');
  const samples = numberInput(400, ...LIMITS.samples, '10', 'Training points', 'samples');
  const classes = numberInput(3, ...LIMITS.classes, '1', 'Classes', 'classes');
  const classesField = field('Classes', classes);
  // The chosen optimizer and loss, named as glossary terms beside their pickers (an <option> cannot hold a tooltip).
  const lossTerm = el('span', { class: 'pg-choice', 'data-testid': 'loss-term' });
  const optimizerTerm = el('span', { class: 'pg-choice', 'data-testid': 'optimizer-term' });
  const showChoice = (span: HTMLElement, value: string): void => {
    const key = CHOICE_TERMS[value];
    span.textContent = key === undefined ? '' : 'ⓘ';
    span.hidden = key === undefined;
    if (key !== undefined) {
      markTerm(span, key);
      span.setAttribute('aria-label', `What is ${value}?`);
    }
  };
  const dataBox = el('div', { class: 'pg-grid' }, field('Noise', noise), field('Training points', samples), classesField);
  const hyper = (): void => {
    if (state === null) return;
    emit({
      ...state,
      loss: lists.losses.find((x) => x === loss.value) ?? state.loss,
      optimizer: lists.optimizers.find((x) => x === optimizer.value) ?? state.optimizer,
      learningRate: clampNumber(lr.value, ...LIMITS.learningRate, state.learningRate),
      batchSize: clampNumber(batch.value, ...LIMITS.batchSize, state.batchSize, true),
      l1: clampNumber(l1.value, ...LIMITS.l1, state.l1),
      l2: clampNumber(l2.value, ...LIMITS.l2, state.l2),
      dropout: clampNumber(dropout.value, ...LIMITS.dropout, state.dropout),
      seed: clampNumber(seed.value, ...LIMITS.seed, state.seed, true),
      epochs: clampNumber(epochs.value, ...LIMITS.epochs, state.epochs, true),
      targetLoss: clampNumber(target.value, ...LIMITS.targetLoss, state.targetLoss),
      noise: clampNumber(noise.value, ...LIMITS.noise, state.noise),
      samples: clampNumber(samples.value, ...LIMITS.samples, state.samples, true),
      classes: clampNumber(classes.value, ...LIMITS.classes, state.classes, true),
    });
  };
  for (const c of [loss, optimizer, lr, batch, l1, l2, dropout, seed, epochs, target, noise, samples, classes]) c.addEventListener('change', hyper);

  const play = el('button', { type: 'button', text: 'Play', class: 'pg-primary', 'data-testid': 'play' });
  const step = el('button', { type: 'button', text: 'Step', title: 'one mini-batch', 'data-testid': 'step' });
  const reset = el('button', { type: 'button', text: 'Reset', title: 'the same initial weights for the same seed', 'data-testid': 'reset' });
  let playing = false;
  play.addEventListener('click', () => (playing ? handlers.pause() : handlers.play()));
  step.addEventListener('click', () => handlers.step());
  reset.addEventListener('click', () => handlers.reset());
  const speed = el('input', { type: 'range', min: '0', max: String(SPEEDS.length - 1), step: '1', value: '2', 'aria-label': 'Speed', 'data-testid': 'speed' });
  const speedText = el('span', { class: 'pg-muted' });
  const onSpeed = (): void => {
    const s = SPEEDS[Number(speed.value)] ?? 1;
    speedText.textContent = `${s} epoch${s === 1 ? '' : 's'} per frame`;
    handlers.speed(s);
  };
  speed.addEventListener('input', onSpeed);
  onSpeed();

  const fields = {
    loss: field('Loss', el('span', { class: 'pg-with-term' }, loss, lossTerm), 'loss'),
    optimizer: field('Optimizer', el('span', { class: 'pg-with-term' }, optimizer, optimizerTerm), 'optimizer'),
    lr: field('Learning rate η', lr, 'lr'),
    batch: field('Batch size', batch, 'batch'),
    l1: field('L1', l1, 'l1l2'),
    l2: field('L2', l2, 'l1l2'),
    dropout: field('Dropout', dropout, 'dropout'),
    seed: field('Seed', seed, 'seed'),
    epochs: field('Epoch budget', epochs, 'epoch'),
    target: field('Stop at loss (0 = off)', target, 'targetLoss'),
  };
  const problemTitle = el('h2', { text: 'Problem' });
  const layerButtons = el('div', { class: 'pg-row' }, addLayer, removeLayer);
  /** What each name in the URL's `hide` list hides. */
  const hidable: Record<Hidable, HTMLElement[]> = {
    problem: [problemTitle, problem, teaches],
    data: [dataBox],
    layers: [layers, layerButtons],
    loss: [fields.loss],
    optimizer: [fields.optimizer],
    learningRate: [fields.lr],
    batchSize: [fields.batch],
    regularization: [fields.l1, fields.l2, fields.dropout],
    seed: [fields.seed],
    stopping: [fields.epochs, fields.target],
  };
  root.append(
    problemTitle, problem, teaches, dataBox,
    el('h2', { text: 'Network' }), archLine, layers, layerButtons,
    el('h2', { text: 'Training' }),
    el('div', { class: 'pg-grid' }, ...Object.values(fields)),
    el('div', { class: 'pg-row pg-transport' }, play, step, reset),
    el('label', { class: 'pg-field' }, el('span', { text: 'Speed' }), speed, speedText),
  );

  function renderLayers(s: PlaygroundState): void {
    layers.replaceChildren();
    s.hidden.forEach((size, i) => {
      const n = numberInput(size, 1, MAX_NEURONS, '1', `Neurons in hidden layer ${i + 1}`, `neurons-${i}`);
      const act = select(lists.activations, s.activations[i] ?? 'relu', `Activation of hidden layer ${i + 1}`, `activation-${i}`);
      const minus = el('button', { type: 'button', text: '−', 'aria-label': `Fewer neurons in layer ${i + 1}` });
      const plus = el('button', { type: 'button', text: '+', 'aria-label': `More neurons in layer ${i + 1}` });
      const setSize = (v: number): void => {
        if (state === null) return;
        const hidden = [...state.hidden];
        hidden[i] = Math.min(MAX_NEURONS, Math.max(1, Math.round(Number.isFinite(v) ? v : size)));
        emit({ ...state, hidden });
      };
      n.addEventListener('change', () => setSize(Number(n.value)));
      minus.addEventListener('click', () => setSize(size - 1));
      plus.addEventListener('click', () => setSize(size + 1));
      act.addEventListener('change', () => {
        if (state === null) return;
        const activations = [...state.activations];
        activations[i] = lists.activations.find((a) => a === act.value) ?? 'relu';
        emit({ ...state, activations });
      });
      const label = el('span', { text: `hidden ${i + 1}` });
      markTerm(label, 'hidden');
      layers.append(el('div', { class: 'pg-layer' }, label, minus, n, plus, act));
    });
    layers.append(outputRow(s));
  }

  /** What the output applies: the loss's function for cross-entropy, else an activation (chosen here only without hidden layers). */
  function outputRow(s: PlaygroundState): HTMLElement {
    const row = el('div', { class: 'pg-layer' }, el('span', { text: 'output' }));
    if (s.loss === 'softmax_cross_entropy' || s.loss === 'binary_cross_entropy') {
      row.append(el('span', { class: 'pg-note', text: `${s.loss === 'softmax_cross_entropy' ? 'softmax' : 'sigmoid'}, applied by the loss` }));
    } else if (s.hidden.length > 0) {
      row.append(el('span', { class: 'pg-note', text: `${s.activations.at(-1) ?? ''} (${s.loss} models repeat the last hidden activation on the output)` }));
    } else {
      const act = select(lists.activations, s.outputActivation, 'Output activation', 'output-activation');
      act.addEventListener('change', () => {
        if (state !== null) emit({ ...state, outputActivation: lists.activations.find((a) => a === act.value) ?? state.outputActivation });
      });
      row.append(act);
    }
    return row;
  }

  return {
    setState(s, sizes) {
      state = s;
      io = sizes;
      problem.value = s.problem;
      teaches.textContent = catalog.find((p) => p.name === s.problem)?.teaches ?? '';
      archLine.textContent = `${[io.inputSize, ...s.hidden, io.outputSize].join('-')}  (inputs and outputs come from the problem)`;
      renderLayers(s);
      addLayer.disabled = s.hidden.length >= MAX_HIDDEN_LAYERS;
      removeLayer.disabled = s.hidden.length === 0;
      loss.value = s.loss;
      optimizer.value = s.optimizer;
      showChoice(lossTerm, s.loss);
      showChoice(optimizerTerm, s.optimizer);
      lr.value = String(s.learningRate);
      batch.value = String(s.batchSize);
      l1.value = String(s.l1);
      l2.value = String(s.l2);
      dropout.value = String(s.dropout);
      seed.value = String(s.seed);
      epochs.value = String(s.epochs);
      target.value = String(s.targetLoss);
      const group = catalog.find((p) => p.name === s.problem)?.group;
      dataBox.hidden = group !== '2d';
      classesField.hidden = s.problem !== 'blobs';
      noise.value = String(s.noise);
      samples.value = String(s.samples);
      classes.value = String(s.classes);
      // Hidden by the link: after the problem's own rule above, so a hidden data box stays hidden.
      for (const name of HIDABLE) {
        if (!s.hide.includes(name)) continue;
        for (const part of hidable[name]) part.hidden = true;
      }
      for (const name of HIDABLE) {
        if (s.hide.includes(name) || name === 'data') continue;
        for (const part of hidable[name]) part.hidden = false;
      }
      root.dataset.hidden = s.hide.join(',');
    },
    setPlaying(p) {
      playing = p;
      play.textContent = p ? 'Pause' : 'Play';
      play.dataset.playing = String(p);
    },
  };
}
