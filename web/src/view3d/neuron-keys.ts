// The neurons from the keyboard (a roving tabindex): one visually hidden
// button per neuron that a click can pick, only one of them in the Tab order.
// ↑ ↓ move within a layer, ← → to the layer before or after (the same
// relative place), Home / End to a layer's ends; Enter or Space opens the same
// panel a click opens. A ring over the 3D view marks the focused neuron.
import type { Pick } from './picking';

export interface KeyStage {
  /** The stage's index in the view. */
  stage: number;
  title: string;
  size: number;
}

export interface NeuronKeys {
  readonly element: HTMLElement;
  /** Rebuilds the buttons for a new model's pickable stages. */
  setStages(stages: readonly KeyStage[]): void;
  /** Moves the ring to the focused neuron's place on screen (after every render). */
  place(): void;
  dispose(): void;
}

/** The neuron at the same relative place in a layer of `size` neurons (both ends map to ends). */
export function samePlace(index: number, fromSize: number, toSize: number): number {
  if (fromSize <= 1 || toSize <= 1) return 0;
  return Math.round((index / (fromSize - 1)) * (toSize - 1));
}

/**
 * `position(stage, index)`: the neuron's client coordinates, or null when it is
 * not on screen. `onPick` gets the neuron on Enter or Space.
 */
export function createNeuronKeys(
  frame: HTMLElement,
  position: (stage: number, index: number) => { x: number; y: number } | null,
  onPick: (pick: Pick) => void,
): NeuronKeys {
  const element = document.createElement('div');
  element.className = 'view3d-keys';
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', 'Neurons: arrow keys move between neurons and layers, Enter shows the details');
  const ring = document.createElement('span');
  ring.className = 'view3d-focus-ring';
  ring.dataset.testid = 'neuron-focus-ring';
  ring.hidden = true;
  frame.append(ring);
  let layers: { stage: KeyStage; buttons: HTMLButtonElement[] }[] = [];
  let current: HTMLButtonElement | null = null;

  function setCurrent(button: HTMLButtonElement): void {
    if (current !== null && current !== button) current.tabIndex = -1;
    current = button;
    button.tabIndex = 0;
  }

  function place(): void {
    if (current === null || document.activeElement !== current) {
      ring.hidden = true;
      return;
    }
    const at = position(Number(current.dataset.stage), Number(current.dataset.index));
    const box = frame.getBoundingClientRect();
    if (at === null) {
      ring.hidden = true;
      return;
    }
    ring.hidden = false;
    // Offsets are from the padding box, inside the frame's border.
    ring.style.left = `${at.x - box.left - frame.clientLeft}px`;
    ring.style.top = `${at.y - box.top - frame.clientTop}px`;
  }

  function onKey(event: KeyboardEvent): void {
    const button = event.target;
    if (!(button instanceof HTMLButtonElement) || event.altKey || event.ctrlKey || event.metaKey) return;
    const l = layers.findIndex((layer) => layer.stage.stage === Number(button.dataset.stage));
    const layer = layers[l];
    if (layer === undefined) return;
    const i = Number(button.dataset.index);
    let next: HTMLButtonElement | undefined;
    if (event.key === 'ArrowDown') next = layer.buttons[Math.min(layer.buttons.length - 1, i + 1)];
    else if (event.key === 'ArrowUp') next = layer.buttons[Math.max(0, i - 1)];
    else if (event.key === 'Home') next = layer.buttons[0];
    else if (event.key === 'End') next = layer.buttons[layer.buttons.length - 1];
    else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      const other = layers[Math.max(0, Math.min(layers.length - 1, l + (event.key === 'ArrowRight' ? 1 : -1)))]!;
      next = other.buttons[samePlace(i, layer.buttons.length, other.buttons.length)];
    } else return;
    // The neurons own the arrow keys while one of them has the focus: the page does not scroll.
    event.preventDefault();
    if (next === undefined) return;
    setCurrent(next);
    next.focus();
  }

  function onClick(event: MouseEvent): void {
    const button = event.target;
    if (!(button instanceof HTMLButtonElement)) return;
    setCurrent(button);
    onPick({ stage: Number(button.dataset.stage), index: Number(button.dataset.index) });
  }

  element.addEventListener('keydown', onKey);
  element.addEventListener('click', onClick);
  element.addEventListener('focusin', place);
  element.addEventListener('focusout', () => queueMicrotask(place));

  return {
    element,
    setStages(stages) {
      const fragment = document.createDocumentFragment();
      layers = stages.map((stage) => {
        const buttons = Array.from({ length: stage.size }, (_, index) => {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'view3d-key';
          button.tabIndex = -1;
          button.dataset.stage = String(stage.stage);
          button.dataset.index = String(index);
          button.dataset.testid = 'neuron-key';
          button.textContent = `${stage.title.replace(' · ', ', ')}: neuron ${index} (${index + 1} of ${stage.size})`;
          fragment.append(button);
          return button;
        });
        return { stage, buttons };
      });
      element.replaceChildren(fragment);
      current = null;
      const first = layers[0]?.buttons[0];
      if (first !== undefined) setCurrent(first);
      place();
    },
    place,
    dispose() {
      element.remove();
      ring.remove();
    },
  };
}
