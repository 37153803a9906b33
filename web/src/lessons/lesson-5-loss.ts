// Lesson 5: loss. The engine's per-sample MSE (from trace) for random weights
// against the hand-made XOR weights, and the curve L(v₁) as one weight sweeps.
import type { Engine } from '../engine';
import { term } from '../glossary/tooltip';
import { curveChart } from './curve-chart';
import type { LessonHandle } from './lesson-1-neuron';
import { type ModelFactory, type NamedParameters, withNetwork } from './model';
import type { Progress } from './progress';
import { checkBox, find, fmt, fmtSmart, slider } from './widgets';
import { xorFactory, xorParams, xorParamsWith } from './xor-net';

interface Losses {
  predictions: number[];
  losses: number[];
  /** The engine's loss of the whole batch: the mean of the per-sample losses. */
  mean: number;
}

/** Each sample's loss from the engine's trace, and the batch's mean loss from the engine's evaluation. */
export function batchLoss(factory: ModelFactory, params: NamedParameters | ArrayLike<number>, inputs: Float32Array, targets: Float32Array, count: number): Losses {
  return withNetwork(factory, params, (net) => {
    const traces = Array.from({ length: count }, (_, i) => net.trace(inputs.subarray(2 * i, 2 * i + 2), targets.subarray(i, i + 1)));
    const losses = traces.map((t) => t.loss);
    const mean = net.evaluate({ inputs, targets, count }).meanLoss;
    return { predictions: traces.map((t) => t.output[0]!), losses, mean };
  });
}

/** Random starting weights, as the engine initializes them for `seed`. */
function randomParams(engine: Engine, seed: number): Float32Array {
  const arch = { input: 2, loss: 'mse', layers: [{ type: 'dense', units: 2 }, { type: 'sigmoid' }, { type: 'dense', units: 1 }, { type: 'sigmoid' }] };
  const net = engine.buildNetwork(arch, seed);
  try {
    return net.parameters();
  } finally {
    net.dispose();
  }
}

export function setUpLossLesson(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle {
  const factory = xorFactory(engine);
  const xor = engine.makeProblem('xor').train;
  const random = randomParams(engine, 1);
  const good = batchLoss(factory, xorParams(), xor.inputs, xor.targets, xor.count);
  const bad = batchLoss(factory, random, xor.inputs, xor.targets, xor.count);
  const row = (name: string, r: Losses, id: string): string => `<tr data-testid="${id}"><th>${name}</th>${r.predictions.map((p, i) => `<td>${fmt(p, 3)} (${fmtSmart(r.losses[i]!, 4)})</td>`).join('')}<td data-testid="${id}-mean">${fmtSmart(r.mean, 4)}</td></tr>`;
  element.innerHTML = `
    <h2>5. ${term('loss', 'Loss')}: one number for "how wrong"</h2>
    <p>To improve a network we first need to score it. For each ${term('sample')}, compare the ${term('prediction')} with
      the ${term('target')}: the engine's ${term('mse', 'MSE')} loss squares the difference. Averaged over the
      ${term('batch')}, that is the network's loss ${term('L')}. Random weights score badly; the weights of lesson 3 score
      almost 0.</p>
    <div class="ls-scroll"><table class="ls-table"><tr><th></th><th>(0, 0)</th><th>(0, 1)</th><th>(1, 0)</th><th>(1, 1)</th><th>mean L</th></tr>
      ${row('random weights (seed 1)', bad, 'l5-random')}${row('lesson 3 weights', good, 'l5-good')}</table></div>
    <p><small>Each cell: prediction (loss of that sample, from the engine's trace).</small></p>
    <p>Now hold every weight of lesson 3 fixed except v₁ (h1 → output) and sweep it: the engine evaluates L for each
      value. Training is a search for the bottom of curves like this one, in every weight at once.</p>
    <div data-part="slider"></div>
    <p class="ls-formula">L(v₁ = <span data-testid="l5-v">20</span>) = <strong data-testid="l5-loss"></strong></p>
    <div class="ls-chart" data-testid="l5-curve"></div>`;
  const chartBox = find(element, '[data-testid="l5-curve"]', HTMLDivElement);
  const lossOut = find(element, '[data-testid="l5-loss"]', HTMLElement);
  const vOut = find(element, '[data-testid="l5-v"]', HTMLElement);
  const chart = curveChart(chartBox, 'v₁', 'L');
  const withV = (v: number): NamedParameters => xorParamsWith('v₁', v);
  const vs = Array.from({ length: 51 }, (_, i) => -10 + i);
  chart.setCurve(vs, vs.map((v) => batchLoss(factory, withV(v), xor.inputs, xor.targets, xor.count).mean));
  let current = good.mean;
  const v1 = slider('v₁', -10, 40, 1, -5, 'l5-v1', update);
  find(element, '[data-part="slider"]', HTMLDivElement).append(v1.root);
  function update(): void {
    current = batchLoss(factory, withV(v1.value), xor.inputs, xor.targets, xor.count).mean;
    vOut.textContent = fmt(v1.value, 0);
    lossOut.textContent = fmtSmart(current, 4);
    chart.setPoint({ x: v1.value, y: current });
  }
  update();
  element.append(checkBox('l5-min', 'Task: move v₁ until the loss is below 0.01.', progress, () => (current < 0.01
    ? { ok: true, message: `Right: L = ${fmtSmart(current, 4)} at v₁ = ${fmt(v1.value, 0)}. Past about v₁ = 15 the curve is flat and low.` }
    : { ok: false, message: `Not yet: L = ${fmtSmart(current, 4)}. Follow the curve downhill.` })));
  return {
    dispose: () => {
      chart.dispose();
      factory.dispose();
    },
  };
}
