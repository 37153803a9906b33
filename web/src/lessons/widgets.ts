// Small building blocks shared by the lessons: sliders, number formatting,
// check-your-answer boxes and playground links.
import type { Progress } from './progress';

export function html<T extends HTMLElement = HTMLElement>(markup: string): T {
  const t = document.createElement('template');
  t.innerHTML = markup.trim();
  const first = t.content.firstElementChild;
  if (!(first instanceof HTMLElement)) throw new Error('html(): no element');
  return first as T;
}

export function find<T extends Element>(root: ParentNode, selector: string, type: { new (): T }): T {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`lesson: missing ${selector}`);
  return found;
}

/** Fixed decimals, with a real minus sign and no "-0.00". */
export function fmt(value: number, digits = 2): string {
  const text = value.toFixed(digits);
  return (Number(text) === 0 ? (0).toFixed(digits) : text).replace('-', '−');
}

/** Very small or large magnitudes in scientific notation, others fixed. */
export function fmtSmart(value: number, digits = 3): string {
  const m = Math.abs(value);
  if (m !== 0 && (m < 10 ** -digits || m >= 1e5)) return value.toExponential(2).replace('-', '−');
  return fmt(value, digits);
}

export interface Slider {
  readonly root: HTMLLabelElement;
  readonly input: HTMLInputElement;
  value: number;
}

/** A labelled range input with its value shown beside it. `labelHtml` may hold glossary terms. */
export function slider(labelHtml: string, min: number, max: number, step: number, value: number, testId: string, onInput: () => void): Slider {
  const digits = step < 0.1 ? 2 : 1;
  const root = html<HTMLLabelElement>(`<label class="ls-slider"><span class="ls-slider-label">${labelHtml}</span>
    <input type="range" min="${min}" max="${max}" step="${step}" value="${value}" data-testid="${testId}" />
    <output class="ls-slider-value" data-testid="${testId}-value"></output></label>`);
  const input = find(root, 'input', HTMLInputElement);
  const out = find(root, 'output', HTMLOutputElement);
  const show = (): void => {
    out.textContent = fmt(Number(input.value), digits);
  };
  input.addEventListener('input', () => {
    show();
    onInput();
  });
  show();
  return {
    root,
    input,
    get value() {
      return Number(input.value);
    },
    set value(v: number) {
      input.value = String(v);
      show();
    },
  };
}

export interface CheckResult {
  ok: boolean;
  message: string;
}

/**
 * A "Check my answer" button: runs `check`, shows its message (right or not
 * yet), and records `task` as done in `progress` when right.
 */
export function checkBox(task: string, promptHtml: string, progress: Progress, check: () => CheckResult): HTMLElement {
  const box = html(`<div class="ls-check" data-task="${task}">
    <p class="ls-check-prompt">${promptHtml}</p>
    <button type="button" class="ls-button" data-testid="check-${task}">Check my answer</button>
    <p class="ls-feedback" data-testid="feedback-${task}" role="status" aria-live="polite"></p></div>`);
  const feedback = find(box, '.ls-feedback', HTMLParagraphElement);
  const mark = (): void => {
    box.dataset.done = String(progress.isDone(task));
  };
  find(box, 'button', HTMLButtonElement).addEventListener('click', () => {
    const result = check();
    feedback.textContent = result.message;
    feedback.dataset.ok = String(result.ok);
    if (result.ok) progress.markDone(task);
    mark();
  });
  mark();
  return box;
}

/** A link that opens the playground with `query` (its URL state, see playground/state.ts). */
export function playgroundLink(query: string, text: string): HTMLAnchorElement {
  return html<HTMLAnchorElement>(`<a class="ls-playground" href="./playground.html?${query}" data-testid="open-playground">${text} →</a>`);
}
