// Lesson 2: what one neuron cannot do. Move its weights and bias and watch
// the line between "0" and "1" (the engine's output over a grid) move; solve
// AND, then try XOR and see why no line works.
import type { Engine, ProblemSet } from '../engine';
import { term } from '../glossary/tooltip';
import type { LessonHandle } from './lesson-1-neuron';
import { denseArchitecture, modelFactory, withNetwork } from './model';
import type { Progress } from './progress';
import { gridForward, paintRegion, pointsOf } from './region';
import { checkBox, find, fmt, html, playgroundLink, slider } from './widgets';

type Gate = 'and' | 'xor';

export function setUpLimitLesson(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle {
  const factory = modelFactory(engine, denseArchitecture(2, [1], 'sigmoid'));
  const sets: Record<Gate, ProblemSet> = { and: engine.makeProblem('and').train, xor: engine.makeProblem('xor').train };
  element.innerHTML = `
    <h2>2. The limit of one neuron</h2>
    <p>Give a neuron two inputs, x1 and x2, each 0 or 1. Where its output is at least 0.5 we read "1" (blue), elsewhere
      "0" (orange). The border between the two is the ${term('boundary')}, and for one neuron it is always a straight
      line: moving ${term('weight', 'w1')}, ${term('weight', 'w2')} and ${term('bias', 'b')} turns and shifts it.</p>
    <fieldset class="ls-choice"><legend>Points to separate</legend>
      <label><input type="radio" name="l2-gate" value="and" checked data-testid="l2-gate-and" /> ${term('and', 'AND')}</label>
      <label><input type="radio" name="l2-gate" value="xor" data-testid="l2-gate-xor" /> ${term('xor', 'XOR')}</label>
    </fieldset>
    <div class="ls-row">
      <div class="ls-sliders" data-part="sliders"></div>
      <canvas class="ls-canvas" data-testid="l2-region" aria-label="Decision regions of the neuron with the four points"></canvas>
    </div>
    <div class="ls-scroll"><table class="ls-table" data-testid="l2-table"></table></div>`;
  const box = find(element, '[data-part="sliders"]', HTMLDivElement);
  const canvas = find(element, '[data-testid="l2-region"]', HTMLCanvasElement);
  const table = find(element, '[data-testid="l2-table"]', HTMLTableElement);
  const w1 = slider('w1', -10, 10, 0.5, 1, 'l2-w1', update);
  const w2 = slider('w2', -10, 10, 0.5, 1, 'l2-w2', update);
  const b = slider('b', -15, 15, 0.5, -0.5, 'l2-b', update);
  box.append(w1.root, w2.root, b.root);
  let gate: Gate = 'and';
  let outputs: ArrayLike<number> = new Float32Array(4);
  for (const radio of element.querySelectorAll<HTMLInputElement>('input[name="l2-gate"]')) {
    radio.addEventListener('change', () => {
      gate = radio.value === 'xor' ? 'xor' : 'and';
      update();
    });
  }

  function rightCount(): number {
    const set = sets[gate];
    return Array.from({ length: set.count }, (_, i) => (outputs[i]! >= 0.5 ? 1 : 0) === set.targets[i]).filter(Boolean).length;
  }

  function update(): void {
    const set = sets[gate];
    const { grid, samples } = withNetwork(factory, { '0.weight': [w1.value, w2.value], '0.bias': [b.value] }, (net) => ({
      grid: gridForward(net).output,
      samples: net.forwardBatch(set.inputs, set.count).output,
    }));
    outputs = samples;
    paintRegion(canvas, grid, pointsOf(set.inputs, set.targets, set.count));
    canvas.dataset.right = String(rightCount());
    const rows = Array.from({ length: set.count }, (_, i) => {
      const ok = (samples[i]! >= 0.5 ? 1 : 0) === set.targets[i];
      return `<tr><td>${fmt(set.inputs[2 * i]!, 0)}</td><td>${fmt(set.inputs[2 * i + 1]!, 0)}</td><td>${fmt(set.targets[i]!, 0)}</td>
        <td data-testid="l2-out">${fmt(samples[i]!, 3)}</td><td>${ok ? '✓' : '✗'}</td></tr>`;
    });
    table.innerHTML = `<tr><th>x1</th><th>x2</th><th>${term('target')}</th><th>${term('sigma', 'σ')}(z)</th><th>right?</th></tr>${rows.join('')}`;
  }
  update();

  const andCheck = checkBox('l2-and', `Task 1: pick ${term('and', 'AND')} and find weights and a bias that put all four points on the right side.`, progress, () => {
    if (gate !== 'and') return { ok: false, message: 'Select AND first.' };
    const right = rightCount();
    if (right === 4) return { ok: true, message: `Right: 4 of 4. Only (1, 1) is on the blue side: AND is ${'linearly separable'}.` };
    return { ok: false, message: `Not yet: ${right} of 4 right. Only (1, 1) should be blue. Try equal weights and a bias below minus one weight.` };
  });
  const xorCheck = checkBox('l2-xor', `Task 2: now pick ${term('xor', 'XOR')} and try again.`, progress, () => {
    if (gate !== 'xor') return { ok: false, message: 'Select XOR first.' };
    const right = rightCount();
    if (right === 4) return { ok: true, message: '4 of 4: that should be impossible. Please tell us how!' };
    return { ok: false, message: `${right} of 4 right, and no setting does better than 3: (0, 1) and (1, 0) must be blue, (0, 0) and (1, 1) orange, and no straight line splits them so. One neuron cannot compute XOR. Lesson 3 adds a layer.` };
  });
  element.append(html(`<p>A bigger weight makes the change from orange to blue sharper; its sign and the bias decide where the line sits.</p>`), andCheck, xorCheck,
    playgroundLink('p=xor&h=&out=sigmoid&loss=mse&opt=sgd&lr=0.5&hide=layers,loss,optimizer,learningRate,batchSize,regularization,seed,stopping', 'Watch a single neuron fail to learn XOR in the playground'));
  return { dispose: () => factory.dispose() };
}
