// The embedding map: one point per token, at its row of the embedding table
// when D ≤ 3 (no projection: axes e₁, e₂, and e₃ as the point's size), or at
// its first two principal components (the engine's PCA, labelled so) when
// D > 3. Points move as training runs. Clicking a token lists its nearest
// neighbours by cosine similarity (the engine's).
import { fmt } from '../playground/colors';
import type { EmbeddingView } from './protocol';

const SVG = 'http://www.w3.org/2000/svg';
const SIZE = 300;
const PAD = 24;

export interface EmbeddingMap {
  /** `groups`: each token's kind (a class per kind colours its point). */
  update(view: EmbeddingView, symbols: string[], selected: number, groups?: number[]): void;
}

/** `onSelect` null: the points are not clickable and no neighbours are listed. */
export function setUpEmbeddingMap(root: HTMLElement, onSelect: ((token: number) => void) | null, testId = 'embedding-map'): EmbeddingMap {
  root.innerHTML = `<p class="attn-note"></p>
    <svg class="attn-embed" viewBox="0 0 ${SIZE} ${SIZE}" role="group" aria-label="Embedding map: one point per token"></svg>
    <div class="attn-neighbours" data-testid="embedding-neighbours" aria-live="polite"></div>`;
  const caption = root.querySelector<HTMLElement>('p.attn-note')!;
  caption.dataset.testid = `${testId}-caption`;
  const svg = root.querySelector<SVGSVGElement>('svg')!;
  svg.dataset.testid = testId;
  const neighbours = root.querySelector<HTMLElement>('[data-testid=embedding-neighbours]')!;
  if (onSelect === null) neighbours.remove();
  let points: SVGGElement[] = [];

  const build = (rows: number): void => {
    svg.replaceChildren();
    points = [];
    for (let i = 0; i < rows; i++) {
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', 'attn-point');
      g.setAttribute('data-testid', `${testId}-point`);
      if (onSelect !== null) {
        g.setAttribute('tabindex', '0');
        g.setAttribute('role', 'button');
      } else {
        g.setAttribute('role', 'img');
      }
      const circle = document.createElementNS(SVG, 'circle');
      circle.setAttribute('r', '9');
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('text-anchor', 'middle');
      label.setAttribute('dy', '4');
      g.append(circle, label);
      if (onSelect !== null) {
        g.addEventListener('click', () => onSelect(i));
        g.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onSelect(i);
          }
        });
      }
      svg.append(g);
      points.push(g);
    }
  };

  return {
    update(view, symbols, selected, groups) {
      if (points.length !== view.rows) build(view.rows);
      const k = view.dims;
      const xs: number[] = [];
      const ys: number[] = [];
      const zs: number[] = [];
      for (let i = 0; i < view.rows; i++) {
        xs.push(view.points[i * k] ?? 0);
        ys.push(k > 1 ? view.points[i * k + 1] ?? 0 : 0);
        zs.push(k > 2 ? view.points[i * k + 2] ?? 0 : 0);
      }
      // One scale for both axes, so distances and angles are not distorted.
      const extent = Math.max(1e-6, ...xs.map(Math.abs), ...ys.map(Math.abs));
      const zExtent = Math.max(1e-6, ...zs.map(Math.abs));
      const scale = (SIZE / 2 - PAD) / extent;
      for (let i = 0; i < view.rows; i++) {
        const g = points[i]!;
        const x = SIZE / 2 + xs[i]! * scale;
        const y = SIZE / 2 - ys[i]! * scale;
        g.setAttribute('transform', `translate(${x.toFixed(2)} ${y.toFixed(2)})`);
        g.dataset.x = String(xs[i]);
        g.dataset.y = String(ys[i]);
        g.dataset.token = symbols[i] ?? String(i);
        g.setAttribute('aria-label', `token ${symbols[i] ?? i}: (${fmt(xs[i]!, 3)}, ${fmt(ys[i]!, 3)}${k > 2 ? `, ${fmt(zs[i]!, 3)}` : ''})${onSelect === null ? '' : '; show its nearest neighbours'}`);
        if (onSelect !== null) g.setAttribute('aria-pressed', String(i === selected));
        if (groups !== undefined) g.dataset.group = String(groups[i] ?? 0);
        g.querySelector('circle')!.setAttribute('r', k > 2 ? (6 + 6 * (zs[i]! / zExtent + 1) / 2).toFixed(1) : '9');
        g.querySelector('text')!.textContent = symbols[i] ?? String(i);
      }
      caption.textContent = view.projected
        ? `PCA projection (computed by the engine): D = ${view.features} is too wide to draw, so each token sits at its first two principal components, which keep ${fmt(100 * (view.explained[0] ?? 0), 1)} % and ${fmt(100 * (view.explained[1] ?? 0), 1)} % of the table's variance.`
        : `No projection: D = ${view.features}, each token sits at its own row of the embedding table (x = e₁${k > 1 ? ', y = e₂' : ''}${k > 2 ? ', point size = e₃' : ''}).`;
      if (onSelect === null) return;
      neighbours.replaceChildren();
      if (selected < 0 || view.neighbours.length === 0) {
        neighbours.textContent = 'Click a token for its nearest neighbours by cosine similarity.';
        return;
      }
      const heading = document.createElement('p');
      heading.textContent = `Nearest to "${symbols[selected] ?? selected}" by cosine similarity cos θ = a·b / (‖a‖ ‖b‖), in all ${view.features} dimensions:`;
      const list = document.createElement('ol');
      for (const n of view.neighbours) {
        const item = document.createElement('li');
        item.textContent = `${symbols[n.index] ?? n.index}: ${fmt(n.similarity, 3)}`;
        list.append(item);
      }
      neighbours.append(heading, list);
    },
  };
}
