// Glossary tooltips: any element with data-term="<key>" shows that term's
// definition on hover and on keyboard focus (one shared tooltip per page).
import { TERMS, isTermKey, type TermKey } from './terms';
import './glossary.css';

const TIP_ID = 'glossary-tip';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** HTML for a focusable term: `term('z')` → z with its definition on hover and focus. */
export function term(key: TermKey, label: string = TERMS[key].label): string {
  return `<span class="term" tabindex="0" data-term="${key}" aria-describedby="${TIP_ID}">${escapeHtml(label)}</span>`;
}

/** The same as an element. */
export function termElement(key: TermKey, label: string = TERMS[key].label): HTMLSpanElement {
  const span = document.createElement('span');
  markTerm(span, key);
  span.textContent = label;
  return span;
}

/** Makes an existing element (a playground label, say) a glossary term. */
export function markTerm(element: HTMLElement, key: TermKey): void {
  element.classList.add('term');
  element.dataset.term = key;
  element.tabIndex = 0;
  element.setAttribute('aria-describedby', TIP_ID);
}

export interface Glossary {
  /** The term shown now, or null. */
  readonly current: TermKey | null;
  dispose(): void;
}

/** Installs the shared tooltip and its listeners on `root` (usually document.body). */
export function setUpGlossary(root: HTMLElement = document.body): Glossary {
  const tip = document.createElement('div');
  tip.id = TIP_ID;
  tip.className = 'glossary-tip';
  tip.setAttribute('role', 'tooltip');
  tip.dataset.testid = 'glossary-tip';
  tip.hidden = true;
  document.body.append(tip);
  let current: TermKey | null = null;

  function show(target: HTMLElement): void {
    const key = target.dataset.term ?? '';
    if (!isTermKey(key)) return;
    current = key;
    tip.innerHTML = `<strong>${escapeHtml(TERMS[key].label)}</strong> ${escapeHtml(TERMS[key].definition)}`;
    tip.hidden = false;
    const box = target.getBoundingClientRect();
    const width = Math.min(320, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = `${left}px`;
    const below = box.bottom + window.scrollY + 6;
    const tipHeight = tip.offsetHeight;
    const fitsBelow = box.bottom + 6 + tipHeight < window.innerHeight;
    tip.style.top = `${fitsBelow ? below : Math.max(window.scrollY, box.top + window.scrollY - tipHeight - 6)}px`;
  }

  function hide(): void {
    current = null;
    tip.hidden = true;
  }

  const termOf = (event: Event): HTMLElement | null => {
    const target = event.target;
    return target instanceof Element ? target.closest<HTMLElement>('[data-term]') : null;
  };
  const onOver = (event: Event): void => {
    const t = termOf(event);
    if (t !== null) show(t);
  };
  const onOut = (event: Event): void => {
    if (termOf(event) !== null) hide();
  };
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') hide();
  };
  root.addEventListener('mouseover', onOver);
  root.addEventListener('mouseout', onOut);
  root.addEventListener('focusin', onOver);
  root.addEventListener('focusout', onOut);
  document.addEventListener('keydown', onKey);
  return {
    get current() {
      return current;
    },
    dispose() {
      root.removeEventListener('mouseover', onOver);
      root.removeEventListener('mouseout', onOut);
      root.removeEventListener('focusin', onOver);
      root.removeEventListener('focusout', onOut);
      document.removeEventListener('keydown', onKey);
      tip.remove();
    },
  };
}
