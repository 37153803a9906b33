// The neuron detail panel: value, weighted input, bias, the incoming-weight
// heat map ("what this neuron looks for") and the strongest live inputs.
import { heatmapRgba, signColor } from './palette';
import type { NeuronDetail } from './neuron-detail';

export interface NeuronPanel {
  readonly element: HTMLElement;
  readonly isOpen: boolean;
  show(detail: NeuronDetail): void;
  /** Updates only the live numbers (cheap; called on every input while open). */
  showLive(values: { activation: number; weightedInput: number | null }): void;
  showInputs(inputs: NeuronDetail['inputs']): void;
  close(): void;
}

const TEMPLATE = `
  <header class="view3d-panel-header">
    <h3 class="view3d-panel-title"></h3>
    <button type="button" class="view3d-panel-close" data-testid="neuron-panel-close" aria-label="Close the neuron panel">×</button>
  </header>
  <dl class="view3d-panel-values">
    <dt>Activation</dt><dd data-field="activation"></dd>
    <dt>Weighted input z</dt><dd data-field="z"></dd>
    <dt>Bias</dt><dd data-field="bias"></dd>
  </dl>
  <figure class="view3d-heatmap">
    <canvas class="view3d-heatmap-canvas" data-testid="neuron-heatmap"></canvas>
    <figcaption></figcaption>
  </figure>
  <h4 class="view3d-panel-subtitle">Strongest inputs now (w·a)</h4>
  <ol class="view3d-inputs" data-testid="neuron-inputs"></ol>
`;

function format(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return value.toFixed(4);
}

function part<T extends Element>(root: Element, selector: string, type: { new (): T }): T {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`neuron panel: missing ${selector}`);
  return found;
}

export function createNeuronPanel(container: HTMLElement, onClose: () => void): NeuronPanel {
  const element = document.createElement('aside');
  element.className = 'view3d-panel';
  element.dataset.testid = 'neuron-panel';
  element.setAttribute('aria-label', 'Neuron details');
  element.hidden = true;
  element.innerHTML = TEMPLATE;
  container.append(element);

  const title = part(element, '.view3d-panel-title', HTMLHeadingElement);
  const activation = part(element, '[data-field="activation"]', HTMLElement);
  const z = part(element, '[data-field="z"]', HTMLElement);
  const bias = part(element, '[data-field="bias"]', HTMLElement);
  const figure = part(element, '.view3d-heatmap', HTMLElement);
  const canvas = part(element, '.view3d-heatmap-canvas', HTMLCanvasElement);
  const caption = part(element, '.view3d-heatmap figcaption', HTMLElement);
  const inputs = part(element, '.view3d-inputs', HTMLOListElement);
  const close = part(element, '.view3d-panel-close', HTMLButtonElement);
  let probability = false;

  const panel: NeuronPanel = {
    element,
    get isOpen() {
      return !element.hidden;
    },
    show(detail) {
      title.textContent = detail.title;
      probability = detail.isOutput;
      element.dataset.neuron = detail.title;
      panel.showLive(detail);
      bias.textContent = format(detail.bias);
      figure.hidden = detail.weights === null;
      if (detail.weights !== null) {
        const { values, cols, rows } = detail.weights;
        canvas.width = cols;
        canvas.height = rows;
        const ctx = canvas.getContext('2d');
        // Pad a ragged last row (e.g. 10 inputs in a 4×3 grid) with zeros, which draw as "no weight".
        const padded = new Float32Array(cols * rows);
        padded.set(values);
        ctx?.putImageData(new ImageData(heatmapRgba(padded) as Uint8ClampedArray<ArrayBuffer>, cols, rows), 0, 0);
        canvas.style.aspectRatio = `${cols} / ${rows}`;
        caption.textContent = `${detail.weights.caption}. Orange: positive weight, blue: negative; brighter is stronger.`;
      }
      panel.showInputs(detail.inputs);
      element.hidden = false;
    },
    showLive(values) {
      activation.textContent = probability && Number.isFinite(values.activation)
        ? `${(values.activation * 100).toFixed(1)}% (probability)`
        : format(values.activation);
      z.textContent = format(values.weightedInput);
    },
    showInputs(list) {
      inputs.replaceChildren(...list.map(({ label, value }) => {
        const item = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = 'view3d-swatch';
        const [r, g, b] = signColor(value);
        swatch.style.background = `rgb(${r * 255}, ${g * 255}, ${b * 255})`;
        item.append(swatch, `${label}: ${value >= 0 ? '+' : ''}${value.toFixed(4)}`);
        return item;
      }));
      if (list.length === 0) {
        const item = document.createElement('li');
        item.textContent = 'No input is contributing (nothing drawn yet).';
        inputs.append(item);
      }
    },
    close() {
      element.hidden = true;
      delete element.dataset.neuron;
    },
  };
  close.addEventListener('click', () => {
    panel.close();
    onClose();
  });
  return panel;
}
