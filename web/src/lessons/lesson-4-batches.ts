// Lesson 4: a batch as a matrix. All four XOR samples go through the hidden
// layer in one product X·W + b; the engine computes Z (and σ(Z)) in one call.
import type { Engine } from '../engine';
import { term } from '../glossary/tooltip';
import type { LessonHandle } from './lesson-1-neuron';
import { withNetwork } from './model';
import type { Progress } from './progress';
import { checkBox, find, fmt, slider } from './widgets';
import { XOR_PARAMETERS, xorFactory, xorParamsWith } from './xor-net';

function matrix(name: string, rows: number, cols: number, at: (r: number, c: number) => string, testId: string): string {
  const body = Array.from({ length: rows }, (_, r) => `<tr>${Array.from({ length: cols }, (_, c) => `<td>${at(r, c)}</td>`).join('')}</tr>`).join('');
  return `<figure class="ls-matrix"><figcaption>${name}</figcaption><table class="ls-table" data-testid="${testId}">${body}</table></figure>`;
}

export function setUpBatchLesson(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle {
  const factory = xorFactory(engine);
  const xor = engine.makeProblem('xor').train;
  element.innerHTML = `
    <h2>4. Batches as matrices</h2>
    <p>Computing each sample's ${term('z')} one by one is slow. Stack the four samples as the rows of a ${term('matrix')}
      ${term('X')} (4 × 2), the hidden layer's weights as ${term('W')} (2 × 2: a row per input, a column per neuron), and
      the whole layer is one product: ${term('XWb', 'Z = X·W + b')}. Row n of Z holds sample n's weighted sums; the
      ${term('b')} row is added to every row. A ${term('batch')} of any size costs one call.</p>
    <div class="ls-row" data-part="sliders"></div>
    <div class="ls-product ls-scroll" data-testid="l4-product"></div>
    <p>Then the activation works entry by entry: A = σ(Z).</p>
    <div class="ls-scroll" data-testid="l4-activations"></div>`;
  const product = find(element, '[data-testid="l4-product"]', HTMLDivElement);
  const acts = find(element, '[data-testid="l4-activations"]', HTMLDivElement);
  const w11 = slider('W[1][1] (x1 → neuron 1)', -40, 40, 1, XOR_PARAMETERS[0]!.value, 'l4-w11', update);
  find(element, '[data-part="sliders"]', HTMLDivElement).append(w11.root);
  let z = new Float32Array(8) as ArrayLike<number>;

  function update(): void {
    const { forward, W, b } = withNetwork(factory, xorParamsWith('w₁₁', w11.value), (net) => ({
      forward: net.forwardBatch(xor.inputs, xor.count), W: net.weights(0, 'weight'), b: net.weights(0, 'bias'),
    }));
    const [rows, cols] = W.shape as [number, number];
    z = forward.layers[0]!.values;
    const a = forward.layers[1]!.values;
    product.innerHTML = `<div class="ls-equation">
      ${matrix('X', 4, 2, (r, c) => fmt(xor.inputs[2 * r + c]!, 0), 'l4-X')}<span>·</span>
      ${matrix('W', rows, cols, (r, c) => fmt(W.values[cols * r + c]!, 0), 'l4-W')}<span>+</span>
      ${matrix('b', 1, cols, (_r, c) => fmt(b.values[c]!, 0), 'l4-b')}<span>=</span>
      ${matrix('Z', 4, 2, (r, c) => `<span data-testid="l4-z">${fmt(z[2 * r + c]!, 1)}</span>`, 'l4-Z')}</div>`;
    acts.innerHTML = matrix('A = σ(Z)', 4, 2, (r, c) => fmt(a[2 * r + c]!, 3), 'l4-A');
  }
  update();

  element.append(checkBox('l4-z', 'Task: with W[1][1] = 20, what is Z in row 3 (sample x = (1, 0)), column 1? Work it out from X, W and b, then type it.<br><input type="number" data-testid="l4-answer" aria-label="Your answer" class="ls-input" />', progress, () => {
    const input = element.querySelector<HTMLInputElement>('[data-testid="l4-answer"]');
    const guess = Number(input?.value ?? 'NaN');
    if (w11.value !== 20) return { ok: false, message: 'Set W[1][1] back to 20 first.' };
    const truth = z[4]!;
    if (input?.value !== '' && Math.abs(guess - truth) < 0.05) return { ok: true, message: `Right: 1 × 20 + 0 × 20 + (−10) = ${fmt(truth, 1)}, as the engine says.` };
    return { ok: false, message: 'Not quite: row 3 of X is (1, 0); multiply it by column 1 of W, then add b₁.' };
  }));
  return { dispose: () => factory.dispose() };
}
