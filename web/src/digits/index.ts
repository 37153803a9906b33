// "Draw a digit, a real MNIST network answers": the page's first feature,
// with the 3D activation view of the same forward pass beside the canvas.
import type { Engine, Network } from '../engine';
import { recordTiming, testHooks } from '../test-hooks';
import { setUpActivationView } from '../view3d';
import { setUpBars } from './bars';
import { setUpDrawingPad, STROKE_WIDTH_FRACTION } from './drawing-pad';
import { setUpKeyboardPen } from './keyboard-pen';
import { imageToStrokes, loadTestDigits } from './test-digits';
import { createFrameScheduler } from './frame-scheduler';
import { digitNetworkFromBytes, loadDigitModel, loadModelList, modelUrl, type ModelEntry } from './model';
import { setUpModelPicker } from './model-picker';
import { formatPercent, hasInk, topIndex } from './predictions';
import { setUpPreview } from './preview';
import './digits.css';

export interface DigitsOptions {
  /** Defaults to models/models.json under the site's base URL. */
  modelListUrl?: string;
}

export interface Digits {
  /** The model answering now (replaced, and the old one disposed, when the user picks another). */
  readonly network: Network;
  /** Adds a model made in this tab to the picker and switches to it; rejects with the reason if it cannot answer. */
  useModel(entry: ModelEntry): Promise<void>;
  /** Writes new parameters into the network if the page still shows model `id` (a run being trained); false otherwise. */
  updateParameters(id: string, values: Float32Array): boolean;
  /** Scrolls the drawing canvas into view (after "Use this model"). */
  reveal(): void;
  dispose(): void;
}

const TEMPLATE = `
  <div class="digits-pad">
    <canvas class="digits-canvas" data-testid="draw-canvas" role="application"
      aria-label="Drawing area: draw one digit from 0 to 9" aria-describedby="digits-keys"></canvas>
    <span class="digits-pen" data-testid="pen-ring" aria-hidden="true" hidden></span>
    <p class="digits-keys" id="digits-keys" data-testid="pen-help">Keyboard: Tab to the square, arrow keys move the pen (Shift: finer), Space puts it down or lifts it.</p>
    <div class="digits-actions">
      <button type="button" class="digits-clear" data-testid="clear">Clear</button>
      <button type="button" class="digits-load" data-testid="load-test-digit">Load a test digit</button>
      <label class="digits-even" title="Paint the strokes again with a pen scaled to the drawing's size, so a small digit is not a blob: the preview shows what the network gets">
        <input type="checkbox" class="digits-even-toggle" data-testid="even-stroke" checked> Even stroke width
      </label>
      <label class="digits-model">Model
        <select class="digits-model-select" data-testid="model-picker"></select>
      </label>
    </div>
    <p class="digits-model-note" data-testid="model-note"></p>
    <p class="digits-test-note" data-testid="test-digit-note" role="status"></p>
  </div>
  <div class="digits-answer">
    <p class="digits-top">The network says <output class="digits-top-value" data-testid="top-answer" aria-live="off">–</output></p>
    <p class="visually-hidden" data-testid="answer-announcement" aria-live="polite" aria-atomic="true"></p>
    <ol class="digits-bars" data-testid="bars" aria-label="Probability of each digit"></ol>
  </div>
  <figure class="digits-preview">
    <canvas class="digits-preview-canvas" data-testid="preview" aria-label="The 28 by 28 pixel input the network receives"></canvas>
    <figcaption>What the network sees: 28 × 28 = 784 numbers</figcaption>
  </figure>
  <section class="digits-view" aria-label="The network, layer by layer"></section>
  <p class="digits-error" role="alert" hidden></p>
`;

/** How long the drawing must rest before its answer is announced to a screen reader. */
export const ANNOUNCE_MS = 600;

function required<T extends Element>(root: Element, selector: string, type: { new (): T }): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`digits: missing ${selector}`);
  return element;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Loads the model list and the first model, then builds the feature inside `element`. Rejects if either cannot be loaded. */
export async function setUpDigits(element: HTMLElement, engine: Engine, options: DigitsOptions = {}): Promise<Digits> {
  const models = await loadModelList(options.modelListUrl);
  let network = await loadDigitModel(engine, modelUrl(models[0]!));
  element.classList.add('digits');
  element.innerHTML = TEMPLATE;

  const hooks = testHooks();
  hooks.network = network;
  const errorLine = required(element, '.digits-error', HTMLParagraphElement);
  const bars = setUpBars(
    required(element, '.digits-bars', HTMLOListElement),
    required(element, '[data-testid="top-answer"]', HTMLOutputElement),
    network.outputSize,
  );
  const preview = setUpPreview(required(element, '.digits-preview-canvas', HTMLCanvasElement));
  const view = setUpActivationView(required(element, '.digits-view', HTMLElement));
  view.setNetwork(network);
  let blank = new Float32Array(network.inputSize);
  let inferences = 0;

  function showError(text: string | null): void {
    errorLine.textContent = text ?? '';
    errorLine.hidden = text === null;
  }

  // One inference per frame at most, however many pointer events arrived:
  // one engine call feeds the bars and every layer of the 3D view.
  function infer(): void {
    try {
      const drawn = pad.isEmpty ? null : readInput();
      const inked = drawn !== null && hasInk(drawn);
      // A blank canvas still shows the network at rest (its response to an all-zero input).
      const input = inked ? drawn : blank;
      const start = performance.now();
      const forward = network.forwardAll(input);
      const winner = inked ? topIndex(forward.output) : -1;
      view.update(input, forward, winner);
      recordTiming(hooks.updateTimings, performance.now() - start);
      bars.update(inked ? forward.output : null);
      if (inked) announce(`The network says ${winner}, with probability ${formatPercent(forward.output[winner] ?? 0)}.`);
      else if (spoken !== '') announce('The drawing is empty.');
      if (inked) preview.show(input);
      else preview.clear();
      showError(null);
    } catch (error) {
      showError(`The network could not read this drawing: ${message(error)}`);
    }
    // Lets tests (and curious visitors) see that an inference ran.
    element.dataset.inferences = String(++inferences);
  }

  // The answer, spoken: once the drawing has rested for ANNOUNCE_MS (the
  // visible answer changes every frame while drawing; a screen reader would
  // read every one of them), and only when it changed.
  const announcement = required(element, '[data-testid="answer-announcement"]', HTMLParagraphElement);
  let announceTimer = 0;
  let spoken = '';
  function announce(text: string): void {
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(() => {
      if (text === spoken) return;
      spoken = text;
      announcement.textContent = text;
    }, ANNOUNCE_MS);
  }

  function readInput(): Float32Array {
    const pixels = evenStroke.checked ? pad.readEvenStrokePixels() : pad.readPixels();
    return engine.preprocessDigit(pixels.data, pixels.width, pixels.height);
  }

  const scheduler = createFrameScheduler(infer);
  const pad = setUpDrawingPad(required(element, '.digits-canvas', HTMLCanvasElement), () => scheduler.markDirty());
  const canvas = required(element, '.digits-canvas', HTMLCanvasElement);
  const penHelp = required(element, '.digits-keys', HTMLParagraphElement);
  const penHelpText = penHelp.textContent ?? '';
  const pen = setUpKeyboardPen(canvas, required(element, '.digits-pen', HTMLSpanElement), element, pad, (state) => {
    penHelp.textContent = `${penHelpText} ${state}`;
  });
  canvas.addEventListener('blur', () => (penHelp.textContent = penHelpText));
  const testNote = required(element, '.digits-test-note', HTMLParagraphElement);
  const loadButton = required(element, '.digits-load', HTMLButtonElement);
  let nextTestDigit = 0;
  let loadingTestDigit = false;
  async function loadTestDigit(): Promise<void> {
    // Not disabled while loading: a disabled button drops the keyboard focus.
    if (loadingTestDigit) return;
    loadingTestDigit = true;
    loadButton.setAttribute('aria-busy', 'true');
    testNote.textContent = 'Loading the MNIST test digits…';
    try {
      const digits = await loadTestDigits();
      const index = nextTestDigit % digits.count;
      nextTestDigit = index + 1;
      const size = digits.rows * digits.cols;
      pad.clear();
      pad.addStrokes(imageToStrokes(digits.images.subarray(index * size, (index + 1) * size), digits.rows, digits.cols, STROKE_WIDTH_FRACTION));
      testNote.textContent = `MNIST test image #${index}, labelled ${digits.labels[index]}. Press again for the next one.`;
      element.dataset.testDigit = String(index);
    } catch (error) {
      testNote.textContent = `Could not load a test digit: ${message(error)}`;
    } finally {
      loadingTestDigit = false;
      loadButton.removeAttribute('aria-busy');
    }
  }
  const onLoad = (): void => void loadTestDigit();
  loadButton.addEventListener('click', onLoad);
  const clearButton = required(element, '.digits-clear', HTMLButtonElement);
  const onClear = (): void => {
    pad.clear();
    testNote.textContent = '';
  };
  clearButton.addEventListener('click', onClear);
  const evenStroke = required(element, '.digits-even-toggle', HTMLInputElement);
  const onEvenStroke = (): void => scheduler.markDirty();
  evenStroke.addEventListener('change', onEvenStroke);

  // Switching models: the newest choice wins; a load overtaken by another is thrown away.
  let current = models[0]!.id;
  let loading = 0;
  async function switchModel(entry: ModelEntry, rethrow = false): Promise<void> {
    const ticket = ++loading;
    picker.setBusy(true);
    element.dataset.model = 'loading';
    try {
      const next = entry.bytes !== undefined ? digitNetworkFromBytes(engine, entry.bytes) : await loadDigitModel(engine, modelUrl(entry), `the ${entry.name}`);
      if (ticket !== loading) {
        next.dispose();
        return;
      }
      const previous = network;
      network = next;
      blank = new Float32Array(next.inputSize);
      view.setNetwork(next);
      previous.dispose();
      hooks.network = next;
      current = entry.id;
      showError(null);
      scheduler.markDirty();
    } catch (error) {
      if (ticket !== loading) return;
      picker.select(current);
      showError(`Could not switch to ${entry.name}: ${message(error)}`);
      if (rethrow) throw error;
    } finally {
      if (ticket === loading) {
        picker.setBusy(false);
        element.dataset.model = current;
      }
    }
  }
  const picker = setUpModelPicker(
    required(element, '.digits-model-select', HTMLSelectElement),
    required(element, '.digits-model-note', HTMLElement),
    models,
    (entry) => void switchModel(entry),
  );
  element.dataset.model = current;

  return {
    get network() {
      return network;
    },
    async useModel(entry) {
      picker.add(entry);
      picker.select(entry.id);
      await switchModel(entry, true);
    },
    reveal() {
      required(element, '.digits-canvas', HTMLCanvasElement).scrollIntoView({ block: 'center' });
    },
    updateParameters(id, values) {
      if (current !== id || element.dataset.model === 'loading') return false;
      network.setParameters(values);
      view.parametersChanged();
      scheduler.markDirty();
      return true;
    },
    dispose() {
      scheduler.cancel();
      window.clearTimeout(announceTimer);
      pen.destroy();
      loadButton.removeEventListener('click', onLoad);
      pad.destroy();
      clearButton.removeEventListener('click', onClear);
      evenStroke.removeEventListener('change', onEvenStroke);
      view.dispose();
      network.dispose();
      element.replaceChildren();
    },
  };
}
