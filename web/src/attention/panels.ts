// The smaller views: the positional encoding (the sin/cos table, a learned
// table, the A/B run's result) and seed 003's renaming view (the attention
// weight on each source token when predicting each output token).
import { fmt } from '../playground/colors';
import { shade } from './heatmap';
import type { AttentionMap } from './protocol';

/** A (rows × cols) table of values in [−1, 1] as a grid of shaded cells (orange +, blue −). */
export function matrixGrid(root: HTMLElement, values: Float32Array, rows: number, cols: number, label: string, testId: string): void {
  const extent = Math.max(1e-6, ...Array.from(values, Math.abs));
  const grid = document.createElement('div');
  grid.className = 'attn-matrix';
  grid.dataset.testid = testId;
  grid.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
  grid.setAttribute('role', 'img');
  grid.setAttribute('aria-label', `${label}: ${rows} positions × ${cols} features, orange positive, blue negative`);
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < cols; i++) {
      const v = values[t * cols + i] ?? 0;
      const cell = document.createElement('span');
      const a = Math.min(1, Math.abs(v) / extent);
      cell.style.background = v >= 0 ? shade(a) : `rgb(${Math.round(60 * a)}, ${Math.round(130 * a)}, ${Math.round(255 * a)})`;
      cell.title = `PE[${t}][${i}] = ${fmt(v, 4)}`;
      grid.append(cell);
    }
  }
  root.replaceChildren(grid);
}

/**
 * Seed 003's view: rows are the output tokens being predicted (from ':' on),
 * columns the source tokens, cells the weight query t puts on source key j.
 */
export function renameTable(root: HTMLElement, map: AttentionMap | undefined, head: number, tokens: string[], targets: number[], symbols: string[]): void {
  if (map === undefined) {
    root.textContent = '';
    return;
  }
  const T = tokens.length;
  const sourceEnd = tokens.indexOf(':');
  if (sourceEnd <= 0) {
    root.textContent = 'This example has no ":" separating source and target.';
    return;
  }
  const source = tokens.slice(0, sourceEnd);
  const rows: string[] = [];
  let sentence = '';
  for (let t = sourceEnd; t < T; t++) {
    const target = targets[t] ?? -1;
    if (target < 0) continue;
    const weights = source.map((_, j) => map.values[(head * T + t) * T + j] ?? 0);
    const best = weights.indexOf(Math.max(...weights));
    const predicted = symbols[target] ?? String(target);
    rows.push(`<tr><th scope="row">${escapeHtml(predicted)}</th>${weights.map((w, j) => `<td data-weight="${w}"${j === best ? ' data-best="true"' : ''}><span class="attn-swatch" aria-hidden="true"></span>${fmt(w, 3)}</td>`).join('')}</tr>`);
    if (sentence === '') sentence = `Predicting "${predicted}", the model puts ${fmt(weights[best] ?? 0, 3)} of its attention on "${source[best] ?? ''}" (seed 003 expects about 0.95 on the aligned token).`;
  }
  root.innerHTML = `<p class="attn-note" data-testid="rename-sentence">${escapeHtml(sentence)}</p>
    <table class="attn-table" data-testid="rename-table"><thead><tr><th scope="col">predicting ↓ / source →</th>${source.map((s) => `<th scope="col">${escapeHtml(s)}</th>`).join('')}</tr></thead>
    <tbody>${rows.join('')}</tbody></table>`;
  for (const td of root.querySelectorAll<HTMLElement>('td[data-weight]')) td.querySelector<HTMLElement>('.attn-swatch')!.style.background = shade(Number(td.dataset.weight));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
