// Lesson 3: two layers solve XOR. Each hidden neuron draws its own line
// (its region, from the engine); the output neuron combines the two.
import type { Engine } from '../engine';
import { term } from '../glossary/tooltip';
import type { LessonHandle } from './lesson-1-neuron';
import { withNetwork } from './model';
import type { Progress } from './progress';
import { GRID, gridForward, paintRegion, pointsOf } from './region';
import { checkBox, find, fmt, playgroundLink, slider, type Slider } from './widgets';
import { XOR_PARAMETERS, xorFactory, xorParams } from './xor-net';

export function setUpTwoLayerLesson(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle {
  const factory = xorFactory(engine);
  const xor = engine.makeProblem('xor').train;
  const points = pointsOf(xor.inputs, xor.targets, xor.count);
  element.innerHTML = `
    <h2>3. Two layers solve XOR</h2>
    <p>One line cannot split XOR, but two lines can. Put two neurons in a ${term('hidden')}: the first says "x1 OR x2",
      the second says "NOT (x1 AND x2)". An output neuron then answers "both": that is exactly XOR. Each picture shows
      one neuron's output over the whole square, computed by the engine.</p>
    <div class="ls-row ls-regions">
      <figure><canvas class="ls-canvas" data-testid="l3-h1"></canvas><figcaption>hidden neuron 1 (OR)</figcaption></figure>
      <figure><canvas class="ls-canvas" data-testid="l3-h2"></canvas><figcaption>hidden neuron 2 (NAND)</figcaption></figure>
      <figure><canvas class="ls-canvas" data-testid="l3-out"></canvas><figcaption>output: h1 AND h2</figcaption></figure>
    </div>
    <div class="ls-scroll"><table class="ls-table" data-testid="l3-table"></table></div>
    <details class="ls-details"><summary>All nine parameters</summary><div class="ls-sliders ls-grid" data-part="sliders"></div></details>`;
  const canvases = ['l3-h1', 'l3-h2', 'l3-out'].map((id) => find(element, `[data-testid="${id}"]`, HTMLCanvasElement));
  const table = find(element, '[data-testid="l3-table"]', HTMLTableElement);
  const sliders: Slider[] = XOR_PARAMETERS.map((p, i) => slider(p.name, -40, 40, 1, p.value, `l3-p${i}`, update));
  find(element, '[data-part="sliders"]', HTMLDivElement).append(...sliders.map((s) => s.root));
  let right = 0;

  function update(): void {
    const params = xorParams(sliders.map((s) => s.value));
    const { grid, samples } = withNetwork(factory, params, (net) => ({ grid: gridForward(net), samples: net.forwardBatch(xor.inputs, xor.count) }));
    const hidden = grid.layers[1]!.values;
    const n = GRID * GRID;
    paintRegion(canvases[0]!, Array.from({ length: n }, (_, i) => hidden[2 * i]!), points);
    paintRegion(canvases[1]!, Array.from({ length: n }, (_, i) => hidden[2 * i + 1]!), points);
    paintRegion(canvases[2]!, grid.output, points);
    const h = samples.layers[1]!.values;
    right = 0;
    const rows = Array.from({ length: xor.count }, (_, i) => {
      const ok = (samples.output[i]! >= 0.5 ? 1 : 0) === xor.targets[i];
      if (ok) right++;
      return `<tr><td>${fmt(xor.inputs[2 * i]!, 0)}</td><td>${fmt(xor.inputs[2 * i + 1]!, 0)}</td><td data-testid="l3-h">${fmt(h[2 * i]!, 3)}</td>
        <td data-testid="l3-h">${fmt(h[2 * i + 1]!, 3)}</td><td data-testid="l3-y">${fmt(samples.output[i]!, 3)}</td><td>${fmt(xor.targets[i]!, 0)}</td><td>${ok ? '✓' : '✗'}</td></tr>`;
    });
    table.innerHTML = `<tr><th>x1</th><th>x2</th><th>h1</th><th>h2</th><th>output</th><th>${term('target')}</th><th>right?</th></tr>${rows.join('')}`;
    table.dataset.right = String(right);
  }
  update();

  element.append(
    checkBox('l3-fix', 'Task: open "All nine parameters", set c (the output bias) to 0 and see XOR break. Then find a value of c that makes all four right again.', progress, () => {
      const c = sliders[8]!.value;
      if (right === 4 && c !== XOR_PARAMETERS[8]!.value) return { ok: true, message: `Right: with c = ${fmt(c, 0)} all four are right. The output is an AND of h1 and h2 only while c sits between −40 and −20.` };
      if (right === 4) return { ok: false, message: 'All four are right, but c is still −30: change it first, then fix it.' };
      return { ok: false, message: `Not yet: ${right} of 4 right. The output must be 1 only when both h1 and h2 are near 1 (20 + 20 = 40 in total).` };
    }),
    playgroundLink('p=xor&h=2&act=sigmoid&out=sigmoid&loss=mse&opt=adam&lr=0.05&hide=loss,optimizer,learningRate,batchSize,regularization,seed,stopping', 'Train a 2-2-1 network on XOR in the playground'),
  );
  return { dispose: () => factory.dispose() };
}
