// Tiny DOM helpers shared by the playground's modules.
import { markTerm } from '../glossary/tooltip';
import type { TermKey } from '../glossary/terms';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

export function select(options: readonly string[], value: string, label: string, testId?: string): HTMLSelectElement {
  const s = el('select', { 'aria-label': label, 'data-testid': testId });
  for (const o of options) s.append(el('option', { value: o, text: o }));
  s.value = value;
  return s;
}

export function numberInput(value: number, min: number, max: number, step: string, label: string, testId?: string): HTMLInputElement {
  return el('input', { type: 'number', value: String(value), min: String(min), max: String(max), step, 'aria-label': label, 'data-testid': testId });
}

/** A labelled control; with `term`, the label explains itself on hover and focus (glossary). */
export function field(label: string, control: HTMLElement, term?: TermKey): HTMLLabelElement {
  const text = el('span', { text: label });
  if (term !== undefined) markTerm(text, term);
  return el('label', { class: 'pg-field' }, text, control);
}
