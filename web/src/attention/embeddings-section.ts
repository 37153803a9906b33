// The page's embeddings section (seed 003's example 10): train the word-pair
// task (like wevi) or the 2-D character task, watch the table move, read the
// word task's cosine similarity table. The worker's engine trains and
// computes; this only draws.
import type { EmbeddingTaskInfo } from '../engine';
import { fmt } from '../playground/colors';
import { term } from '../glossary/tooltip';
import { setUpEmbeddingMap } from './embedding-map';
import type { AttentionPageMessage, AttentionWorkerMessage } from './protocol';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface EmbeddingsSection {
  onMessage(m: Extract<AttentionWorkerMessage, { type: 'embed-progress' }>): void;
}

export function setUpEmbeddingsSection(root: HTMLElement, tasks: EmbeddingTaskInfo[], seed: () => number, send: (m: AttentionPageMessage) => void): EmbeddingsSection {
  root.innerHTML = `<h2 id="h-embtasks">Embeddings from co-occurrence (seed 003, example 10)</h2>
    <div class="attn-controls"><label><span>Task</span><select data-testid="embed-task">${tasks.map((t) => `<option value="${escapeHtml(t.name)}">${escapeHtml(t.name)}</option>`).join('')}</select></label>
      <div class="attn-buttons"><button type="button" data-testid="embed-train">Train this ${term('embedding')}</button></div></div>
    <p class="attn-note" data-testid="embed-teaches"></p>
    <p data-testid="embed-progress" aria-live="polite">Not started.</p>
    <div class="attn-row"><div data-testid="embed-map-box"></div><div class="attn-table-wrap" data-testid="embed-similarity"></div></div>`;
  const select = root.querySelector<HTMLSelectElement>('[data-testid=embed-task]')!;
  const button = root.querySelector<HTMLButtonElement>('[data-testid=embed-train]')!;
  const teaches = root.querySelector<HTMLElement>('[data-testid=embed-teaches]')!;
  const progress = root.querySelector<HTMLElement>('[data-testid=embed-progress]')!;
  const similarity = root.querySelector<HTMLElement>('[data-testid=embed-similarity]')!;
  const map = setUpEmbeddingMap(root.querySelector<HTMLElement>('[data-testid=embed-map-box]')!, null, 'embed-map');
  const current = (): EmbeddingTaskInfo => tasks.find((t) => t.name === select.value) ?? tasks[0]!;
  const describe = (): void => {
    const t = current();
    teaches.textContent = `${t.teaches} Source: ${t.source}. Known-good default from the engine: D = ${t.defaults.dimension}, Adam η = ${fmt(t.defaults.learningRate, 3)}, ${t.defaults.steps} steps of ${t.defaults.batchSize} pairs. Point colours: ${t.groupNames.join(', ')}.`;
  };
  select.addEventListener('change', describe);
  describe();
  button.addEventListener('click', () => {
    button.disabled = true;
    similarity.replaceChildren();
    progress.textContent = 'Training…';
    send({ type: 'embed', task: current().name, seed: seed() });
  });
  return {
    onMessage(m) {
      const t = tasks.find((x) => x.name === m.task);
      if (t === undefined) return;
      map.update(m.view, t.symbols, -1, t.group);
      progress.dataset.step = String(m.step);
      progress.textContent = `Step ${m.step} of ${m.steps} · loss ${fmt(m.loss, 4)}${m.step === m.steps ? ' · done' : ''}`;
      if (m.step === m.steps) button.disabled = false;
      if (m.similarity.length > 0) {
        similarity.innerHTML = `<table class="attn-table" data-testid="embed-similarity-table"><caption>${term('cosine')} between every two words</caption>
          <thead><tr><th scope="col"></th>${t.symbols.map((s) => `<th scope="col">${escapeHtml(s)}</th>`).join('')}</tr></thead>
          <tbody>${m.similarity.map((row, i) => `<tr><th scope="row">${escapeHtml(t.symbols[i] ?? '')}</th>${row.map((v) => `<td>${fmt(v, 2)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
      }
    },
  };
}
