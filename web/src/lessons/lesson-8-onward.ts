// Lesson 8: where to go next, with links to the rest of the site.
import type { Engine } from '../engine';
import { term } from '../glossary/tooltip';
import type { LessonHandle } from './lesson-1-neuron';
import type { Progress } from './progress';

export function setUpOnwardLesson(element: HTMLElement, engine: Engine, _progress: Progress): LessonHandle {
  element.innerHTML = `
    <h2>8. Onward</h2>
    <p>Everything so far scales up. A digit of ${term('mnist', 'MNIST')} is 28 × 28 = 784 inputs; the network on the
      digit page has layers of 128 and 64 hidden neurons and 10 outputs, one per digit, trained with the same steps
      you watched, only on 60,000 images. The engine here is version <span data-testid="l8-version">${engine.version}</span>.</p>
    <ul class="ls-links">
      <li><a href="./index.html" data-testid="l8-digits">Draw a digit</a>: the MNIST network answers, and its 3D view lights up every
        neuron. Train your own model in the tab under it.</li>
      <li><a href="./index.html">The ${term('cnn', 'CNN')}</a>: pick the convolutional model on the digit page and click its
        feature maps in the 3D view to see what each filter detects.</li>
      <li><a href="./playground.html" data-testid="l8-playground">The playground</a>: every classic problem, with
        ${term('adamw', 'AdamW')}, ${term('l1l2')}, ${term('dropout')} and the step-through of backprop.</li>
    </ul>
    <h3>Coming next</h3>
    <ul class="ls-links" data-testid="l8-placeholders">
      <li>Recurrent networks: reading a sequence one step at a time (lesson to come).</li>
      <li>Attention: letting every position look at every other (lesson to come).</li>
    </ul>`;
  return { dispose: () => undefined };
}
