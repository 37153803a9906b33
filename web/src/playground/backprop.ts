// Step-through backprop for one chosen sample: forward (z and a of every
// neuron), loss, backward (δ and ∂L/∂w, with the chain rule written out for
// the selected weight), update. Arrow keys move through the stages. Every
// number is the engine's (network.trace); nothing is recomputed here.
import type { NamedTensor, Network, Trace } from '../engine/network';
import { tensorIn } from '../engine/structure';
import type { DenseLayer } from './dense-layers';
import { fmt } from './colors';
import type { WeightRef } from './diagram';
import { el } from './dom';
import { markSymbols } from '../glossary/symbols';
import { termElement } from '../glossary/tooltip';
import { LOSS_FORMULAS, OUTPUT_DELTA, stageTitle, stagesFor, sumText, type Stage } from './backprop-text';
import type { Run } from './run';
import { stepWithArrowKeys } from '../step-keys';

/** One weight layer's numbers for one sample, every one read from the engine by name. */
export interface DenseStep {
  layer: DenseLayer;
  /** What flows in: the network's input, or the previous layer's output. */
  input: Float32Array;
  /** z = x·W + b (the weight layer's own output). */
  z: Float32Array;
  /** a = f(z): the output of its activation layer (z itself without one). */
  a: Float32Array;
  /** δ = ∂L/∂z. */
  delta: Float32Array;
  activation: string;
  weight: NamedTensor;
  bias: NamedTensor;
  /** ∂L/∂W, and the optimizer's step and updated W, each (in, out). */
  gradient: NamedTensor;
  update: NamedTensor;
  updated: NamedTensor;
  /** The optimizer's per-weight state after that step (Adam: m, v, m_hat, v_hat), each (in, out). */
  quantities: { name: string; meaning: string; tensor: NamedTensor }[];
  trace: Trace;
}

/** Each optimizer's update rule, as the engine's optimizer.hpp states it. */
const UPDATE_RULES: Record<string, string> = {
  sgd: 'Δw = −η ∂L/∂w',
  momentum: 'v ← μ v + ∂L/∂w;  Δw = −η v',
  nesterov: 'v ← μ v + ∂L/∂w;  Δw = −η (∂L/∂w + μ v)',
  adagrad: 'G ← G + (∂L/∂w)²;  Δw = −η ∂L/∂w / (√G + ε)',
  rmsprop: 's ← ρ s + (1 − ρ)(∂L/∂w)²;  Δw = −η ∂L/∂w / (√s + ε)',
  adam: 'm ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  Δw = −η m̂ / (√v̂ + ε)',
  adamw: 'w ← w − ηλw, then Adam: Δw = −η m̂ / (√v̂ + ε)',
};

/** Entry (i, j) of a row-major (rows, cols) tensor. */
export function matrixAt(t: NamedTensor, i: number, j: number): number {
  return t.values[i * (t.shape[1] ?? 1) + j] ?? 0;
}

/**
 * The walk-through's numbers per weight layer: z, a and δ from the trace's
 * allLayers, W and b from `weights`, and ∂L/∂W where the layer's tensor list
 * places it in the trace's gradients.
 */
export function walkThrough(network: Network, trace: Trace, dense: readonly DenseLayer[]): DenseStep[] {
  const infos = network.layers();
  return dense.map((d) => {
    const own = trace.allLayers[d.index]!;
    const act = d.activationIndex >= 0 ? trace.allLayers[d.activationIndex]! : own;
    const info = infos[d.index]!;
    return {
      layer: d,
      input: d.index === 0 ? trace.input : trace.allLayers[d.index - 1]!.output,
      z: own.output,
      a: act.output,
      delta: own.gradient,
      activation: d.activation,
      weight: network.weights(d.index, 'weight'),
      bias: network.weights(d.index, 'bias'),
      gradient: tensorIn(trace.gradients, info, 'weight'),
      update: tensorIn(trace.step, info, 'weight'),
      updated: tensorIn(trace.updated, info, 'weight'),
      quantities: trace.quantities.map((q) => ({ name: q.name, meaning: q.meaning, tensor: tensorIn(q.values, info, 'weight') })),
      trace,
    };
  });
}

/**
 * The sample (of the first `limit`) the step-through opens on: the one with
 * the largest loss (the engine's trace) among those whose first weight layer
 * gets a non-zero gradient, so the first screens show real numbers. XOR's
 * (0, 0) often has the largest loss but zero inputs, so every first-layer
 * ∂L/∂w is 0; then the next-worst sample is shown. Without any such sample,
 * the largest loss overall.
 */
export function worstSample(network: Network, set: Run['data']['train'], limit: number, first: DenseLayer): number {
  const info = network.layers()[first.index]!;
  let best = { any: 0, anyLoss: -Infinity, live: -1, liveLoss: -Infinity };
  for (let i = 0; i < Math.min(limit, set.count); i++) {
    const t = network.trace(set.inputs.subarray(i * set.inputSize, (i + 1) * set.inputSize), set.targets.subarray(i * set.targetSize, (i + 1) * set.targetSize));
    if (t.loss > best.anyLoss) best = { ...best, any: i, anyLoss: t.loss };
    const live = tensorIn(t.gradients, info, 'weight').values.some((g) => g !== 0);
    if (live && t.loss > best.liveLoss) best = { ...best, live: i, liveLoss: t.loss };
  }
  return best.live >= 0 ? best.live : best.any;
}

export interface Backprop {
  update(run: Run): void;
  selectWeight(ref: WeightRef): void;
}

/**
 * `onTrace` receives each new trace's per-layer numbers, its sample's index and
 * the stage on screen, e.g. for the diagram's tooltips and its highlight.
 */
export function setUpBackprop(root: HTMLElement, onTrace: (steps: DenseStep[], sample: number, stage: Stage, selected: WeightRef) => void = () => {}): Backprop {
  const sample = el('select', { 'aria-label': 'Sample', 'data-testid': 'bp-sample' });
  const prev = el('button', { type: 'button', text: '← back', 'data-testid': 'bp-prev' });
  const next = el('button', { type: 'button', text: 'next →', 'data-testid': 'bp-next' });
  const title = el('h3', { 'data-testid': 'bp-title' });
  const body = el('div', { class: 'pg-bp-body', 'data-testid': 'bp-body' });
  const panel = el('div', { class: 'pg-bp', tabindex: '0', 'data-testid': 'backprop' },
    el('div', { class: 'pg-row' }, el('span', { text: 'Sample' }), sample, prev, next,
      el('span', { class: 'pg-muted', text: 'With the focus in this panel, arrow keys ← → step. Click a weight in the diagram (or Tab to it, move with the arrow keys, press Enter) to follow its gradient.' })),
    title, body);
  root.append(el('h2', {}, 'Step through ', termElement('backprop', 'backprop')), panel);

  let run: Run | null = null;
  let index = 0;
  let selected: WeightRef = { dense: -1, from: 0, to: 0 };
  let samples: Float32Array | null = null;

  function render(): void {
    if (run === null || run.network === null) return;
    const network = run.network;
    const set = run.data.train;
    if (samples !== set.inputs) {
      samples = set.inputs;
      const keep = sample.value;
      sample.replaceChildren(...Array.from({ length: Math.min(set.count, 200) }, (_, i) => {
        const x = Array.from(set.inputs.subarray(i * set.inputSize, (i + 1) * set.inputSize), (v) => fmt(v, 2)).slice(0, 4).join(', ');
        return el('option', { value: String(i), text: `#${i}: (${x}${set.inputSize > 4 ? ', …' : ''})` });
      }));
      if (keep !== '' && Number(keep) < sample.options.length) sample.value = keep;
      else if (run.dense.length > 0) sample.value = String(worstSample(network, set, sample.options.length, run.dense[0]!));
    }
    const s = Math.min(Number(sample.value) || 0, set.count - 1);
    const input = set.inputs.slice(s * set.inputSize, (s + 1) * set.inputSize);
    const target = set.targets.slice(s * set.targetSize, (s + 1) * set.targetSize);
    const dense = run.dense;
    if (dense.length === 0) return;
    let steps: DenseStep[];
    try {
      // The live session's trace shows the run's own optimizer step (Adam's
      // m, v and bias correction included); without one, plain SGD.
      const trace = run.session !== null ? run.session.trace(input, target) : network.trace(input, target, run.state.learningRate);
      steps = walkThrough(network, trace, dense);
    } catch (error) {
      body.replaceChildren(el('p', { class: 'pg-error', text: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const stages = stagesFor(dense.length);
    index = Math.max(0, Math.min(index, stages.length - 1));
    const stage = stages[index]!;
    if (selected.dense < 0 || selected.dense >= dense.length) selected = { dense: dense.length - 1, from: 0, to: 0 };
    const sd = dense[selected.dense]!;
    selected = { dense: selected.dense, from: Math.min(selected.from, sd.inputSize - 1), to: Math.min(selected.to, sd.outputSize - 1) };
    onTrace(steps, s, stage, selected);
    title.textContent = `${index + 1}/${stages.length} · ${stageTitle(stage, dense.length)}`;
    panel.dataset.stage = String(index);
    prev.disabled = index === 0;
    next.disabled = index === stages.length - 1;
    body.replaceChildren(...content(stage, steps, run));
    markSymbols(title);
    markSymbols(body);
  }

  function content(stage: Stage, steps: DenseStep[], r: Run): HTMLElement[] {
    const f = (v: number): string => fmt(v, 4);
    const sel = steps[selected.dense]!;
    const at = (t: NamedTensor): number => matrixAt(t, selected.from, selected.to);
    const w = at(sel.weight);
    const g = at(sel.gradient);
    const aIn = sel.input[selected.from] ?? 0;
    const delta = sel.delta[selected.to] ?? 0;
    const name = `w${selected.dense + 1}[${selected.from}→${selected.to}]`;
    const trace = sel.trace;
    if (stage.kind === 'forward') {
      const t = steps[stage.layer]!;
      const a = Array.from(t.input);
      const rows = Array.from(t.z, (z, j) => {
        const ws = a.map((_, i) => matrixAt(t.weight, i, j));
        const b = t.bias.values[j] ?? 0;
        return el('li', { 'data-testid': 'bp-neuron' }, `neuron ${j}: z = ${sumText(ws, a, b, f)} = ${f(z)};  a = ${t.activation}(z) = ${f(t.a[j] ?? 0)}`);
      });
      const extra = stage.layer === steps.length - 1
        ? [el('p', { text: `Network output ŷ = [${Array.from(trace.output, f).join(', ')}] (after the loss's output function: ${r.state.loss})` })] : [];
      return [el('ul', {}, ...rows), ...extra];
    }
    if (stage.kind === 'loss') {
      return [
        el('p', { text: LOSS_FORMULAS[trace.lossName] ?? trace.lossName }),
        el('p', { text: `ŷ = [${Array.from(trace.output, f).join(', ')}],  t = [${Array.from(trace.target, f).join(', ')}]` }),
        el('p', { class: 'pg-big', 'data-testid': 'bp-loss', text: `L = ${fmt(trace.loss, 6)}` }),
      ];
    }
    if (stage.kind === 'backward') {
      const t = steps[stage.layer]!;
      const a = Array.from(t.input);
      const how = stage.layer === steps.length - 1 ? OUTPUT_DELTA[trace.lossName] ?? ''
        : `δ = (δ⁽next⁾ · Wᵀ) ⊙ ${t.activation}'(z)`;
      const rows = Array.from(t.delta, (dv, j) => {
        const grads = a.slice(0, 6).map((_, i) => `∂L/∂w[${i}→${j}] = ${f(matrixAt(t.gradient, i, j))}`);
        return el('li', { 'data-testid': 'bp-neuron' }, `neuron ${j}: δ = ${f(dv)};  ${grads.join(';  ')}${a.length > 6 ? ' …' : ''}`);
      });
      const chain = selected.dense === stage.layer
        ? [el('p', { class: 'pg-chain', 'data-testid': 'bp-chain', text: `Selected ${name}: ∂L/∂w = a⁽in⁾${selected.from} · δ${selected.to} = ${f(aIn)} × ${f(delta)} = ${f(g)}` })]
        : [el('p', { class: 'pg-muted', text: `The selected weight ${name} is in layer ${selected.dense + 1}.` })];
      return [el('p', { text: how }), el('ul', {}, ...rows), ...chain];
    }
    const lr = trace.learningRate;
    const step = at(sel.update);
    const state = sel.quantities.map((q) => el('li', { 'data-testid': 'bp-quantity' }, `${q.meaning}:  ${q.name} = ${fmt(at(q.tensor), 6)}`));
    const rule = UPDATE_RULES[trace.optimizer] ?? trace.optimizer;
    return [
      el('p', { text: `${trace.optimizer}: ${rule}` }),
      ...(state.length > 0 ? [el('ul', {}, ...state)] : []),
      el('p', { 'data-testid': 'bp-chain', text: `${name}: ∂L/∂w = ${f(g)},  η = ${fmt(lr, 4)},  Δw = ${fmt(step, 6)}` }),
      el('p', { class: 'pg-big', text: `new w = ${f(w)} + (${fmt(step, 6)}) = ${fmt(at(sel.updated), 6)}` }),
      el('p', { class: 'pg-muted', text: `The step ${trace.optimizer} would take on this one sample's gradient, from the run's current state; the run itself averages each mini-batch's gradients first. Nothing is changed by looking.` }),
    ];
  }

  function move(delta: number): void {
    index += delta;
    render();
  }
  prev.addEventListener('click', () => move(-1));
  next.addEventListener('click', () => move(1));
  sample.addEventListener('change', render);
  // Arrow keys step only while the focus is in this panel (the panel itself or
  // its buttons): elsewhere they belong to whatever has the focus (the page's
  // scrolling, a slider, the diagram's weights). The sample picker keeps its own.
  stepWithArrowKeys(panel, move);

  return {
    update(r) {
      run = r;
      render();
    },
    selectWeight(ref) {
      selected = ref;
      render();
    },
  };
}
