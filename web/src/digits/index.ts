// "Draw a digit, a real MNIST network answers": the page's first feature.
import type { Engine, Network } from '../engine';
import { setUpBars } from './bars';
import { setUpDrawingPad } from './drawing-pad';
import { createFrameScheduler } from './frame-scheduler';
import { loadDigitModel } from './model';
import { hasInk } from './predictions';
import { setUpPreview } from './preview';
import './digits.css';

export interface DigitsOptions {
  /** Defaults to the shipped model under the site's base URL. */
  modelUrl?: string;
}

export interface Digits {
  readonly network: Network;
  dispose(): void;
}

const TEMPLATE = `
  <div class="digits-pad">
    <canvas class="digits-canvas" data-testid="draw-canvas"
      aria-label="Drawing area: draw one digit from 0 to 9"></canvas>
    <button type="button" class="digits-clear" data-testid="clear">Clear</button>
  </div>
  <div class="digits-answer">
    <p class="digits-top">The network says <output class="digits-top-value" data-testid="top-answer" aria-live="polite">–</output></p>
    <ol class="digits-bars" data-testid="bars" aria-label="Probability of each digit"></ol>
  </div>
  <figure class="digits-preview">
    <canvas class="digits-preview-canvas" data-testid="preview" aria-label="The 28 by 28 pixel input the network receives"></canvas>
    <figcaption>What the network sees: 28 × 28 = 784 numbers</figcaption>
  </figure>
  <p class="digits-error" role="alert" hidden></p>
`;

function required<T extends Element>(root: Element, selector: string, type: { new (): T }): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`digits: missing ${selector}`);
  return element;
}

/** Loads the digit model, then builds the feature inside `element`. Rejects if the model cannot be loaded. */
export async function setUpDigits(element: HTMLElement, engine: Engine, options: DigitsOptions = {}): Promise<Digits> {
  const network = await loadDigitModel(engine, options.modelUrl);
  element.classList.add('digits');
  element.innerHTML = TEMPLATE;

  const errorLine = required(element, '.digits-error', HTMLParagraphElement);
  const bars = setUpBars(
    required(element, '.digits-bars', HTMLOListElement),
    required(element, '[data-testid="top-answer"]', HTMLOutputElement),
    network.outputSize,
  );
  const preview = setUpPreview(required(element, '.digits-preview-canvas', HTMLCanvasElement));
  let inferences = 0;

  // One inference per frame at most, however many pointer events arrived.
  function infer(): void {
    try {
      const input = pad.isEmpty ? null : readInput();
      if (input === null || !hasInk(input)) {
        bars.update(null);
        preview.clear();
      } else {
        bars.update(network.predict(input));
        preview.show(input);
      }
      errorLine.hidden = true;
    } catch (error) {
      errorLine.textContent = `The network could not read this drawing: ${error instanceof Error ? error.message : String(error)}`;
      errorLine.hidden = false;
    }
    // Lets tests (and curious visitors) see that an inference ran.
    element.dataset.inferences = String(++inferences);
  }

  function readInput(): Float32Array {
    const pixels = pad.readPixels();
    return engine.preprocessDigit(pixels.data, pixels.width, pixels.height);
  }

  const scheduler = createFrameScheduler(infer);
  const pad = setUpDrawingPad(required(element, '.digits-canvas', HTMLCanvasElement), () => scheduler.markDirty());
  const clearButton = required(element, '.digits-clear', HTMLButtonElement);
  const onClear = (): void => pad.clear();
  clearButton.addEventListener('click', onClear);

  return {
    network,
    dispose() {
      scheduler.cancel();
      pad.destroy();
      clearButton.removeEventListener('click', onClear);
      network.dispose();
      element.replaceChildren();
    },
  };
}
