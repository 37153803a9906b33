// The view's controls: 3D / flat 2D layout, reset camera, and how many
// connections per layer to draw.
import type { LayoutMode } from './layout';

/** Settings of the connections control: 0 hides them; the buffers are sized for the maximum. */
export const CONNECTIONS = { min: 0, max: 1000, step: 25, initial: 150 } as const;

export interface ToolbarHandlers {
  onMode(mode: LayoutMode): void;
  onReset(): void;
  onConnections(perLayer: number): void;
  /** Touch: one finger orbits the view (true) or scrolls the page (false). */
  onOneFingerOrbit(on: boolean): void;
}

export interface Toolbar {
  readonly element: HTMLElement;
  setMode(mode: LayoutMode): void;
  setEnabled(enabled: boolean): void;
}

export function createToolbar(handlers: ToolbarHandlers): Toolbar {
  const element = document.createElement('div');
  element.className = 'view3d-toolbar';
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', 'Network view controls');
  element.innerHTML = `
    <div class="view3d-modes" role="group" aria-label="Layout">
      <button type="button" data-mode="3d" data-testid="layout-3d" aria-pressed="true">3D</button>
      <button type="button" data-mode="2d" data-testid="layout-2d" aria-pressed="false">Flat 2D</button>
    </div>
    <button type="button" class="view3d-reset" data-testid="reset-camera">Reset camera</button>
    <button type="button" class="view3d-touch" data-testid="one-finger-orbit" aria-pressed="false"
      title="Off: a vertical swipe scrolls the page, a sideways one orbits. On: one finger orbits in every direction.">One-finger orbit</button>
    <label class="view3d-count">
      <span>Connections per layer</span>
      <input type="range" data-testid="connection-count"
        min="${CONNECTIONS.min}" max="${CONNECTIONS.max}" step="${CONNECTIONS.step}" value="${CONNECTIONS.initial}" />
      <output class="view3d-count-value">${CONNECTIONS.initial}</output>
    </label>
  `;
  const modeButtons = [...element.querySelectorAll<HTMLButtonElement>('[data-mode]')];
  const reset = element.querySelector<HTMLButtonElement>('.view3d-reset')!;
  const range = element.querySelector<HTMLInputElement>('input[type="range"]')!;
  const value = element.querySelector<HTMLOutputElement>('.view3d-count-value')!;

  function setMode(mode: LayoutMode): void {
    for (const button of modeButtons) button.setAttribute('aria-pressed', String(button.dataset.mode === mode));
  }

  for (const button of modeButtons) {
    button.addEventListener('click', () => {
      const mode = button.dataset.mode === '2d' ? '2d' : '3d';
      setMode(mode);
      handlers.onMode(mode);
    });
  }
  reset.addEventListener('click', () => handlers.onReset());
  const touch = element.querySelector<HTMLButtonElement>('.view3d-touch')!;
  touch.addEventListener('click', () => {
    const on = touch.getAttribute('aria-pressed') !== 'true';
    touch.setAttribute('aria-pressed', String(on));
    handlers.onOneFingerOrbit(on);
  });
  range.addEventListener('input', () => {
    value.textContent = range.value;
    handlers.onConnections(Number(range.value));
  });

  return {
    element,
    setMode,
    setEnabled(enabled) {
      for (const control of element.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) control.disabled = !enabled;
    },
  };
}
