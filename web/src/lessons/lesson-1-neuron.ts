// Lesson 1: one neuron deciding "should I go running?". Sliders for the
// inputs, weights and bias; the weighted sum written out with the engine's
// numbers; the sigmoid curve (computed by the engine) with the current point.
import type { Engine } from '../engine';
import { term } from '../glossary/tooltip';
import { curveChart } from './curve-chart';
import { denseArchitecture, modelFactory, withNetwork } from './model';
import type { Progress } from './progress';
import { checkBox, find, fmt, html, playgroundLink, slider, type Slider } from './widgets';

const FACTORS = [
  { name: 'weather', x: 0.8, w: 0.5, hint: '0 terrible, 1 perfect' },
  { name: 'energy', x: 0.6, w: 0.7, hint: '0 exhausted, 1 full of it' },
  { name: 'time', x: 0.9, w: 0.3, hint: '0 none, 1 plenty' },
] as const;
const BIAS = 0.1;

export interface LessonHandle {
  dispose(): void;
}

/** The sigmoid as the engine computes it: a 1-input neuron with w = 1, b = 0 over a grid of z. */
export function sigmoidCurve(engine: Engine, from = -8, to = 8, points = 161): { z: number[]; a: number[] } {
  const factory = modelFactory(engine, denseArchitecture(1, [1], 'sigmoid'));
  const z = Array.from({ length: points }, (_, i) => from + ((to - from) * i) / (points - 1));
  try {
    const a = withNetwork(factory, { '0.weight': [1], '0.bias': [0] }, (net) => Array.from(net.forwardBatch(Float32Array.from(z), points).output));
    return { z, a };
  } finally {
    factory.dispose();
  }
}

export function setUpNeuronLesson(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle {
  const factory = modelFactory(engine, denseArchitecture(3, [1], 'sigmoid'));
  element.innerHTML = `
    <h2>1. A single ${term('neuron')}</h2>
    <p>Should you go for a run? Score three things from 0 to 1: the weather, your energy and your free time. Each
      ${term('input')} gets a ${term('weight')}: how much it matters to you. A ${term('bias')} says how keen you are
      anyway. The neuron multiplies, adds, and squashes the total into a number between 0 and 1.</p>
    <div class="ls-row">
      <div class="ls-sliders" data-part="inputs"><h3>Inputs x</h3></div>
      <div class="ls-sliders" data-part="weights"><h3>Weights w and bias b</h3></div>
    </div>
    <div class="ls-formula" data-testid="l1-sum" aria-live="polite"></div>
    <p>Then the ${term('sigmoid')} ${term('sigma')} turns the sum ${term('z')} into a yes-probability. Large positive
      z gives almost 1, large negative z almost 0, and z = 0 gives exactly 0.5. The yellow dot is your neuron.</p>
    <div class="ls-chart" data-testid="l1-sigmoid"></div>
    <p class="ls-verdict" data-testid="l1-verdict"></p>`;
  const inputBox = find(element, '[data-part="inputs"]', HTMLDivElement);
  const weightBox = find(element, '[data-part="weights"]', HTMLDivElement);
  const formula = find(element, '[data-testid="l1-sum"]', HTMLDivElement);
  const verdict = find(element, '[data-testid="l1-verdict"]', HTMLParagraphElement);
  const chartBox = find(element, '[data-testid="l1-sigmoid"]', HTMLDivElement);

  const xs: Slider[] = [];
  const ws: Slider[] = [];
  FACTORS.forEach((f, i) => {
    xs.push(slider(`x${i + 1} ${f.name} <small>(${f.hint})</small>`, 0, 1, 0.05, f.x, `l1-x${i + 1}`, update));
    ws.push(slider(`${term('weight', `w${i + 1}`)} ${f.name}`, -3, 3, 0.1, f.w, `l1-w${i + 1}`, update));
  });
  const bias = slider(term('bias', 'b'), -5, 5, 0.1, BIAS, 'l1-b', update);
  inputBox.append(...xs.map((s) => s.root));
  weightBox.append(...ws.map((s) => s.root), bias.root);

  const chart = curveChart(chartBox, 'z', 'σ(z)', [0, 1]);
  const curve = sigmoidCurve(engine);
  chart.setCurve(curve.z, curve.a);

  let last = { z: 0, a: 0.5 };
  function update(): void {
    const x = Float32Array.from(xs.map((s) => s.value));
    const params = { '0.weight': ws.map((s) => s.value), '0.bias': [bias.value] };
    const { z, a, products } = withNetwork(factory, params, (net) => {
      const forward = net.forwardAll(x);
      const top = net.topContributions(0, 3);
      const byInput = new Array<number>(3).fill(0);
      top.from.forEach((from, k) => {
        byInput[from] = top.value[k]!;
      });
      return { z: forward.layers[0]!.values[0]!, a: forward.layers[1]!.values[0]!, products: byInput };
    });
    last = { z, a };
    const terms = FACTORS.map((_, i) => `${fmt(xs[i]!.value)} × ${fmt(ws[i]!.value, 1)}`).join(' + ');
    formula.innerHTML = `
      <p>${term('z')} = ${terms} + ${fmt(bias.value, 1)}</p>
      <p>&nbsp;&nbsp;= ${products.map((p) => `<span data-testid="l1-product">${fmt(p)}</span>`).join(' + ')} + ${fmt(bias.value)}
        = <strong data-testid="l1-z">${fmt(z)}</strong></p>
      <p>${term('sigma', 'σ')}(z) = <strong data-testid="l1-a">${fmt(a, 3)}</strong></p>`;
    verdict.textContent = a >= 0.5 ? `${Math.round(a * 100)}% sure: go running.` : `Only ${Math.round(a * 100)}% sure: stay home.`;
    chart.setPoint({ x: Math.max(-8, Math.min(8, z)), y: a });
  }
  update();

  element.append(
    checkBox('l1-no', 'Task: keep the inputs and weights as they are, and change only the bias so that the neuron says <em>stay home</em> (σ(z) below 0.5).', progress, () => {
      const changed = FACTORS.some((f, i) => Math.abs(xs[i]!.value - f.x) > 1e-6 || Math.abs(ws[i]!.value - f.w) > 1e-6);
      if (changed) return { ok: false, message: 'Put the inputs and weights back (reload resets them) and move only b.' };
      if (last.a < 0.5) return { ok: true, message: `Right: with b = ${fmt(bias.value, 1)}, z = ${fmt(last.z)} is negative, so σ(z) = ${fmt(last.a, 3)} is below 0.5.` };
      return { ok: false, message: `Not yet: σ(z) = ${fmt(last.a, 3)} is still 0.5 or more. z must be negative; how low must b go?` };
    }),
    playgroundLink('p=and&h=&out=sigmoid&loss=mse&opt=sgd&lr=0.5&hide=layers,loss,optimizer,learningRate,batchSize,regularization,seed,stopping', 'Train a single neuron on AND in the playground'),
  );
  return {
    dispose: () => {
      chart.dispose();
      factory.dispose();
    },
  };
}
