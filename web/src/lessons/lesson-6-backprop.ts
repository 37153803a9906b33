// Lesson 6: backprop for one weight. The engine's trace gives z, a, δ = ∂L/∂z
// and ∂L/∂w₁ for one sample; gradient descent then walks the curve L(w₁),
// each step the engine's own SGD update.
import type { Engine } from '../engine';
import { tensorIn } from '../engine/structure';
import { term } from '../glossary/tooltip';
import { curveChart } from './curve-chart';
import type { LessonHandle } from './lesson-1-neuron';
import { denseArchitecture, modelFactory, withNetwork } from './model';
import type { Progress } from './progress';
import { checkBox, find, fmt, fmtSmart, slider } from './widgets';

const X = Float32Array.of(1, 0);
const T = Float32Array.of(0);
const START = 1;

export function setUpBackpropLesson(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle {
  const factory = modelFactory(engine, denseArchitecture(2, [1], 'sigmoid'));
  const traceAt = (w1: number, lr = 0.1) => withNetwork(factory, { '0.weight': [w1, 1], '0.bias': [-0.5] }, (net) => net.trace(X, T, lr));
  const dense = factory.layers[0]!;
  /** w₁ of a buffer laid out like parameters() (the trace's gradients, its SGD result). */
  const w1Of = (flat: Float32Array): number => tensorIn(flat, dense, 'weight').values[0]!;
  element.innerHTML = `
    <h2>6. ${term('backprop', 'Backpropagation')}</h2>
    <p>Take the one neuron of lesson 2 with w₁ = 1, w₂ = 1, b = −0.5 and the AND sample x = (1, 0), ${term('target')} 0.
      It answers 0.622: too high. Which way should w₁ move, and how far? The ${term('dLdw')} tells us, and the
      ${term('chain')} splits it into steps the engine records in its trace:</p>
    <div class="ls-formula" data-testid="l6-chain"></div>
    <p>Gradient descent: move w₁ against its gradient, w₁ ← w₁ − ${term('eta')}·∂L/∂w₁. Each press of Step asks the
      engine for the trace at the current w₁ and takes its SGD update. The curve is this sample's loss L(w₁).</p>
    <div data-part="slider"></div>
    <p class="ls-buttons"><button type="button" class="ls-button" data-testid="l6-step">Step</button>
      <button type="button" class="ls-button" data-testid="l6-reset">Reset w₁ = ${START}</button></p>
    <p data-testid="l6-state" class="ls-status"></p>
    <div class="ls-chart" data-testid="l6-curve"></div>`;
  const chain = find(element, '[data-testid="l6-chain"]', HTMLDivElement);
  const state = find(element, '[data-testid="l6-state"]', HTMLParagraphElement);
  const chart = curveChart(find(element, '[data-testid="l6-curve"]', HTMLDivElement), 'w₁', 'L');
  const ws = Array.from({ length: 61 }, (_, i) => -6 + i * 0.2);
  chart.setCurve(ws, ws.map((w) => traceAt(w).loss));
  const eta = slider('learning rate η', 0.1, 5, 0.1, 1, 'l6-eta', () => undefined);
  find(element, '[data-part="slider"]', HTMLDivElement).append(eta.root);
  let w1 = START;
  let trail: { x: number; y: number }[] = [];

  function show(): void {
    const t = traceAt(w1, eta.value);
    const out = t.layers[0]!;
    chain.innerHTML = `
      <p>${term('z')} = w₁x₁ + w₂x₂ + b = <span data-testid="l6-z">${fmt(out.z[0]!, 3)}</span>,
        ${term('a')} = σ(z) = <span data-testid="l6-a">${fmt(out.a[0]!, 3)}</span>, ${term('loss', 'L')} = <span data-testid="l6-loss">${fmtSmart(t.loss, 4)}</span></p>
      <p>${term('delta')} = ${term('dLdz')} = ∂L/∂a · σ′(z) = <strong data-testid="l6-delta">${fmtSmart(out.delta[0]!, 4)}</strong></p>
      <p>∂z/∂w₁ = x₁ = ${fmt(t.input[0]!, 0)}</p>
      <p>∂L/∂w₁ = δ · x₁ = ${fmtSmart(out.delta[0]!, 4)} × ${fmt(t.input[0]!, 0)} = <strong data-testid="l6-grad">${fmtSmart(w1Of(t.gradients), 4)}</strong></p>`;
    state.textContent = `w₁ = ${fmt(w1, 3)}, L = ${fmtSmart(t.loss, 4)}, steps taken: ${trail.length}`;
    state.dataset.w1 = String(w1);
    chart.setTrail(trail);
    chart.setPoint({ x: w1, y: t.loss });
  }
  find(element, '[data-testid="l6-step"]', HTMLButtonElement).addEventListener('click', () => {
    const t = traceAt(w1, eta.value);
    trail = [...trail, { x: w1, y: t.loss }];
    w1 = w1Of(t.updated);
    show();
  });
  find(element, '[data-testid="l6-reset"]', HTMLButtonElement).addEventListener('click', () => {
    w1 = START;
    trail = [];
    show();
  });
  show();
  element.append(checkBox('l6-sign', 'Task: ∂L/∂w₁ is positive here. Step until the loss is below 0.05. Did w₁ grow or shrink?', progress, () => {
    const loss = traceAt(w1).loss;
    if (loss < 0.05 && w1 < START) return { ok: true, message: `Right: w₁ shrank to ${fmt(w1, 3)}. A positive gradient means "lowering w₁ lowers L".` };
    return { ok: false, message: `Not yet: L = ${fmtSmart(loss, 4)}. Press Step (or raise η) until L < 0.05.` };
  }));
  return {
    dispose: () => {
      chart.dispose();
      factory.dispose();
    },
  };
}
