// Symbols inside plain text (the playground's formulas, built with
// textContent) become glossary terms: every δ, ∂L/∂w, ⊙, Wᵀ and η found in a
// text node is wrapped in a focusable term. Call again after re-rendering.
import { markTerm } from './tooltip';
import type { TermKey } from './terms';

/** Longest first, so "∂L/∂w" wins over a shorter overlap. */
const SYMBOLS: readonly [string, TermKey][] = [
  ['‖∂L/∂W‖', 'gradNorm'],
  ['∂L/∂w', 'dLdw'],
  ['∂L/∂z', 'dLdz'],
  ['Wᵀ', 'WT'],
  ['⊙', 'hadamard'],
  ['δ', 'delta'],
  ['η', 'eta'],
  ['λ', 'lambda'],
];
const SOURCE = SYMBOLS.map(([s]) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
const PATTERN = new RegExp(SOURCE, 'gu');
const ANY = new RegExp(SOURCE, 'u');

/** Wraps each symbol in `root`'s text (outside existing terms and form controls) in a glossary term. */
export function markSymbols(root: HTMLElement): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('[data-term], select, option, textarea, button') === null
      ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) if (ANY.test(n.nodeValue ?? '')) nodes.push(n as Text);
  let count = 0;
  for (const node of nodes) {
    const text = node.nodeValue ?? '';
    const parts: (Node | string)[] = [];
    let last = 0;
    for (const match of text.matchAll(PATTERN)) {
      const at = match.index;
      if (at > last) parts.push(text.slice(last, at));
      const span = document.createElement('span');
      span.textContent = match[0];
      markTerm(span, SYMBOLS.find(([s]) => s === match[0])![1]);
      parts.push(span);
      count++;
      last = at + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    node.replaceWith(...parts);
  }
  return count;
}
