// Step through one query of one head: q·kⱼ for every key, the scaling by
// 1/√d, the softmax, the weighted sum of V, then the gradient of the loss
// with respect to each score. The stages and their navigation follow the
// playground's backprop step-through (Prev / Next, arrow keys). Every number
// is the engine's (explainAttentionQuery); nothing is recomputed here.
import type { QueryStep } from '../engine';
import { fmt } from '../playground/colors';
import { markSymbols } from '../glossary/symbols';
import { term } from '../glossary/tooltip';
import { stepWithArrowKeys } from '../step-keys';

export const QUERY_STAGES = [
  { title: '1. Scores q·kⱼ', formula: 'dotⱼ = q · kⱼ = Σᵢ qᵢ kⱼᵢ  (one number per key j)' },
  { title: '2. Scale by 1/√d', formula: 'sⱼ = dotⱼ / √d' },
  { title: '3. Softmax', formula: 'pⱼ = exp(sⱼ) / Σᵢ exp(sᵢ)  (the row of the attention map; sums to 1)' },
  { title: '4. Weighted sum of V', formula: 'c = Σⱼ pⱼ vⱼ  (this head\'s output for the query)' },
  { title: '5. Gradient of the loss w.r.t. each score', formula: '∂L/∂sⱼ = pⱼ (∂L/∂pⱼ − Σᵢ pᵢ ∂L/∂pᵢ),  ∂L/∂pⱼ = ∂L/∂c · vⱼ' },
] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const vector = (v: Float32Array, digits = 3): string => `(${Array.from(v, (x) => fmt(x, digits)).join(', ')})`;

export interface QueryStepView {
  show(step: QueryStep | null, tokens: string[], position: number, where: string): void;
  readonly stage: number;
}

export function setUpQueryStep(root: HTMLElement): QueryStepView {
  let stage = 0;
  let last: { step: QueryStep | null; tokens: string[]; position: number; where: string } = { step: null, tokens: [], position: 0, where: '' };
  root.innerHTML = `<div class="attn-step-nav">
      <button type="button" data-testid="query-prev">◀ Prev</button>
      <span class="attn-step-title" data-testid="query-stage" aria-live="polite"></span>
      <button type="button" data-testid="query-next">Next ▶</button></div>
    <p class="attn-step-formula"></p><div class="attn-step-body" data-testid="query-step" tabindex="0"></div>`;
  const title = root.querySelector<HTMLElement>('.attn-step-title')!;
  const formula = root.querySelector<HTMLElement>('.attn-step-formula')!;
  const body = root.querySelector<HTMLElement>('.attn-step-body')!;
  const prev = root.querySelector<HTMLButtonElement>('[data-testid=query-prev]')!;
  const next = root.querySelector<HTMLButtonElement>('[data-testid=query-next]')!;
  const go = (to: number): void => {
    stage = Math.max(0, Math.min(QUERY_STAGES.length - 1, to));
    render();
  };
  prev.addEventListener('click', () => go(stage - 1));
  next.addEventListener('click', () => go(stage + 1));
  stepWithArrowKeys(root, (by) => go(stage + by));

  function render(): void {
    const { step, tokens, position, where } = last;
    prev.disabled = stage === 0;
    next.disabled = stage === QUERY_STAGES.length - 1;
    title.textContent = QUERY_STAGES[stage]!.title;
    formula.textContent = QUERY_STAGES[stage]!.formula;
    if (step === null) {
      body.textContent = 'Train or pick a map: the step-through needs an attention layer.';
      return;
    }
    const d = step.query.length;
    const cols: string[] = ['key j', 'token', 'q·kⱼ'];
    if (stage >= 1) cols.push('sⱼ = q·kⱼ/√d');
    if (stage >= 2) cols.push('pⱼ');
    if (stage >= 4 && step.scoreGradient !== undefined) cols.push('∂L/∂pⱼ', '∂L/∂sⱼ');
    const rows = Array.from(step.dots, (dot, j) => {
      const masked = step.masked[j] === 1;
      const cells = [String(j), escapeHtml(tokens[j] ?? ''), masked ? 'masked' : fmt(dot, 4)];
      if (stage >= 1) cells.push(masked ? '−∞' : fmt(step.scores[j]!, 4));
      if (stage >= 2) cells.push(fmt(step.probabilities[j]!, 4));
      if (stage >= 4 && step.scoreGradient !== undefined) cells.push(fmt(step.probabilityGradient![j]!, 4), fmt(step.scoreGradient[j]!, 4));
      return `<tr data-testid="query-row">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    }).join('');
    const header = `<p>Query ${position} "${escapeHtml(tokens[position] ?? '')}" of ${escapeHtml(where)}; head size d = ${d},
      √d = ${fmt(1 / step.scale, 4)}, 1/√d = ${fmt(step.scale, 4)}. q = ${vector(step.query)}</p>`;
    const table = `<table class="attn-table"><thead><tr>${cols.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
    let after = '';
    if (stage >= 3) after += `<p>c = Σⱼ pⱼ vⱼ = ${vector(step.context)}</p>`;
    if (stage >= 4) {
      after += step.contextGradient === undefined
        ? '<p>No gradient: this example asks nothing at this position.</p>'
        : `<p>∂L/∂c = ${vector(step.contextGradient)} (from the ${term('loss')} of this example through the output projection).</p>`;
    }
    body.innerHTML = header + table + after;
    markSymbols(body);
  }

  render();
  return {
    show(step, tokens, position, where) {
      last = { step, tokens, position, where };
      render();
    },
    get stage() {
      return stage;
    },
  };
}
