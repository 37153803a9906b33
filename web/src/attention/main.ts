// The Attention page: pick a task, train a tiny transformer in a worker and
// watch its loss, its attention maps, one query step by step, its embedding
// table and its positional encoding. The worker's engine computes every
// number; this file lays them out and keeps the URL state.
import '../style.css';
import './attention.css';
import type uPlot from 'uplot';
import type { TokenTaskInfo } from '../engine';
import { chart } from '../training/charts';
import { fmt } from '../playground/colors';
import { setUpGlossary, term } from '../glossary/tooltip';
import { markSymbols } from '../glossary/symbols';
import { setUpMapGrid } from './heatmap';
import { setUpQueryStep } from './query-step';
import { setUpEmbeddingMap } from './embedding-map';
import { matrixGrid, renameTable } from './panels';
import { setUpEmbeddingsSection, type EmbeddingsSection } from './embeddings-section';
import { DIMENSIONS, POSITIONALS, defaultState, parseState, stateToSearch, type AttentionState } from './state';
import type { AttentionPageMessage, AttentionWorkerMessage, Focus, RunInfo, Snapshot } from './protocol';

const AB_STEPS = 400;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`attention.html lacks #${id}`);
  return found as T;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function setStatus(text: string, kind: 'loading' | 'ready' | 'running' | 'error'): void {
  const status = byId('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

function layout(catalog: TokenTaskInfo[], s: AttentionState): void {
  const options = (values: readonly (string | number)[], current: string, labels?: string[]): string =>
    values.map((v, i) => `<option value="${escapeHtml(String(v))}"${String(v) === current ? ' selected' : ''}>${escapeHtml(labels?.[i] ?? String(v))}</option>`).join('');
  byId('attn-body').innerHTML = `
    <form id="attn-form" class="attn-controls" aria-label="What to train" novalidate>
      <label><span>Task</span><select id="attn-task" data-testid="attn-task">${options(catalog.map((t) => t.name), s.task)}</select></label>
      <label><span>${term('seed')}</span><input id="attn-seed" data-testid="attn-seed" type="number" min="0" max="1000000" step="1" value="${s.seed}" /></label>
      <label><span>${term('positional')}</span><select id="attn-pe" data-testid="attn-pe">${options(['default', ...POSITIONALS], s.positional ?? 'default', ['task default', ...POSITIONALS])}</select></label>
      <label><span>${term('embedding')} width D</span><select id="attn-d" data-testid="attn-d">${options(['default', ...DIMENSIONS], s.dimension === null ? 'default' : String(s.dimension), ['task default', ...DIMENSIONS.map(String)])}</select></label>
      <div class="attn-buttons"><button type="submit" data-testid="attn-train">Train from scratch</button>
        <button type="button" id="attn-pause" data-testid="attn-pause" disabled>Pause</button></div>
    </form>
    <p id="attn-teaches" class="attn-note"></p>
    <p id="attn-progress" data-testid="attn-progress" aria-live="polite">Not started.</p>
    <section class="attn-section" aria-labelledby="h-loss"><h2 id="h-loss">Training</h2><div id="attn-charts" class="attn-charts"></div></section>
    <section class="attn-section" aria-labelledby="h-maps"><h2 id="h-maps">${term('attnMap', 'Attention maps')}, every ${term('head')} and layer</h2>
      <div class="attn-row"><label><span>Example (test sample)</span>
        <select id="attn-example" data-testid="attn-example"></select></label></div>
      <p id="attn-example-text" class="attn-note" data-testid="attn-example-text"></p>
      <div id="attn-maps" class="attn-maps"></div></section>
    <section class="attn-section" aria-labelledby="h-query"><h2 id="h-query">Step through one query: softmax(${term('query', 'q')}·${term('key', 'K')}ᵀ/√${term('headSize', 'd')})·${term('value', 'V')}</h2>
      <p class="attn-note">Pick the query by clicking a row label (a token) left of a map. ${term('score')}, ${term('softmax')} and ${term('causal')} explain themselves on hover.</p>
      <div id="attn-query"></div></section>
    <section class="attn-section" aria-labelledby="h-embed"><h2 id="h-embed">Embedding map</h2>
      <p class="attn-note">The ${term('embedding')} table as it trains; ${term('pca')} only when D > 3; neighbours by ${term('cosine')}.</p>
      <div id="attn-embed"></div></section>
    <section class="attn-section" aria-labelledby="h-pe"><h2 id="h-pe">${term('positional', 'Positional encoding')}</h2>
      <p class="attn-note">Without it, ${term('attention')} sees a set, not a sequence: it cannot tell position 0 from position 5.</p>
      <div class="attn-row"><div><h3>Sinusoidal PE (positions × features)</h3><div id="attn-pe-sin"></div></div>
        <div id="attn-pe-learned-box" hidden><h3>This model's learned PE</h3><div id="attn-pe-learned"></div></div></div>
      <p><button type="button" id="attn-ab" data-testid="attn-ab">Run A/B: with and without PE, same seed (${AB_STEPS} steps)</button></p>
      <div id="attn-ab-chart" class="attn-charts"></div><p id="attn-ab-result" data-testid="attn-ab-result" aria-live="polite"></p></section>
    <section class="attn-section" id="attn-rename-box" aria-labelledby="h-rename" hidden><h2 id="h-rename">Seed 003: "x = y + z" → "a = b + c"</h2>
      <p class="attn-note">Each row is an output token being predicted; each column the weight its query puts on a source token (the selected map and head).</p>
      <div id="attn-rename" class="attn-table-wrap"></div></section>
    <section class="attn-section" id="attn-embtasks" aria-labelledby="h-embtasks"></section>`;
  markSymbols(byId('attn-body'));
}

function start(): void {
  setUpGlossary();
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'glassbox-attention' });
  const send = (m: AttentionPageMessage): void => worker.postMessage(m);
  let catalog: TokenTaskInfo[] = [];
  let state: AttentionState;
  let info: RunInfo | null = null;
  let running = false;
  let lossPlot: uPlot | null = null;
  let accPlot: uPlot | null = null;
  let abPlot: uPlot | null = null;
  const losses: [number[], number[]] = [[], []];
  const accuracy: [number[], number[]] = [[], []];
  const ab: [number[], number[], number[]] = [[], [], []];

  const focus = (): Focus => ({ example: state.example, map: state.map, head: state.head, position: state.position, token: state.token });
  const saveUrl = (): void => history.replaceState(null, '', stateToSearch(state));
  const sizes = (name: string) => {
    const t = catalog.find((c) => c.name === name);
    return { tokens: t?.tokens ?? 1, vocabulary: t?.vocabulary ?? 1 };
  };

  const run = (): void => {
    const task = catalog.find((t) => t.name === state.task)!;
    info = null;
    losses[0].length = losses[1].length = accuracy[0].length = accuracy[1].length = 0;
    byId('attn-charts').replaceChildren();
    const lossBox = document.createElement('div');
    lossBox.className = 'attn-chart';
    lossBox.dataset.testid = 'attn-loss-chart';
    const accBox = document.createElement('div');
    accBox.className = 'attn-chart';
    byId('attn-charts').append(lossBox, accBox);
    lossPlot?.destroy();
    accPlot?.destroy();
    lossPlot = chart(lossBox, 'Training loss (cross-entropy)', 'step', [{ label: 'loss', stroke: '#ffc83d', width: 2, points: { show: false } }], [[], []], undefined, true);
    accPlot = chart(accBox, 'Test accuracy per asked position', 'step', [{ label: 'accuracy', stroke: '#7ee787', width: 2, points: { show: true, size: 6 } }], [[], []], [0, 1]);
    byId('attn-teaches').textContent = task.teaches;
    byId('attn-rename-box').hidden = state.task !== 'rename';
    const example = byId<HTMLSelectElement>('attn-example');
    example.replaceChildren();
    if (state.task === 'rename') example.append(new Option('seed 003: x = y + z', '-1'));
    for (let i = 0; i < 20; i++) example.append(new Option(`test sample ${i}`, String(i)));
    if (state.example >= 20) example.append(new Option(`test sample ${state.example}`, String(state.example)));
    example.value = String(state.example);
    running = true;
    byId<HTMLButtonElement>('attn-pause').disabled = false;
    byId('attn-pause').textContent = 'Pause';
    setStatus(`Training ${state.task}…`, 'running');
    saveUrl();
    send({ type: 'start', spec: { task: state.task, seed: state.seed, positional: state.positional, dimension: state.dimension }, focus: focus() });
  };

  const grid = setUpMapGrid(document.createElement('div'), (map, head, position) => {
    state = { ...state, map, head, position };
    saveUrl();
    send({ type: 'focus', focus: focus() });
    byId('attn-query').scrollIntoView({ block: 'nearest' });
  });
  let query: ReturnType<typeof setUpQueryStep> | null = null;
  let embed: ReturnType<typeof setUpEmbeddingMap> | null = null;
  let embeddings: EmbeddingsSection | null = null;

  const show = (s: Snapshot): void => {
    if (info === null) return;
    const symbols = info.task.symbols;
    const tokens = s.tokens.map((t) => symbols[t] ?? String(t));
    const asked = s.targets.map((t, i) => (t < 0 ? '·' : `${symbols[t] ?? t}${s.predictions[i] === t ? '' : ` (model: ${symbols[s.predictions[i]!] ?? ''})`}`));
    byId('attn-example-text').textContent = `Input: ${tokens.join(' ')}  →  asked: ${asked.join(' ')}  (loss on this example ${fmt(s.loss, 4)})`;
    grid.update(s.maps, tokens, s.focus.map, s.focus.head);
    const map = s.maps[s.focus.map];
    query?.show(s.query, tokens, s.focus.position, map === undefined ? '' : `${map.label}, head ${s.focus.head}`);
    embed?.update(s.embedding, symbols, state.token);
    if (s.learnedEncoding !== null && info.positional === 'learned') {
      byId('attn-pe-learned-box').hidden = false;
      matrixGrid(byId('attn-pe-learned'), s.learnedEncoding, info.task.tokens, info.dimension, 'Learned positional encoding', 'pe-learned');
    }
    if (state.task === 'rename') renameTable(byId('attn-rename'), map, s.focus.head, tokens, s.targets, symbols);
  };

  worker.onmessage = (event: MessageEvent<AttentionWorkerMessage>) => {
    const m = event.data;
    if (m.type === 'ready') {
      catalog = m.catalog;
      state = parseState(location.search, catalog.map((t) => t.name), sizes);
      layout(catalog, state);
      byId('attn-maps').append(grid.root);
      grid.root.className = 'attn-maps';
      query = setUpQueryStep(byId('attn-query'));
      embed = setUpEmbeddingMap(byId('attn-embed'), (token) => {
        state = { ...state, token };
        saveUrl();
        send({ type: 'focus', focus: focus() });
      });
      embeddings = setUpEmbeddingsSection(byId('attn-embtasks'), m.embeddings, () => state.seed, send);
      wire();
      document.body.dataset.state = 'ready';
      run();
    } else if (m.type === 'started') {
      info = m.info;
      const T = info.task.tokens;
      matrixGrid(byId('attn-pe-sin'), info.sinusoid, T, info.dimension, 'Sinusoidal positional encoding', 'pe-sinusoid');
      byId('attn-pe-learned-box').hidden = true;
      byId('attn-lede').textContent = `${info.task.name}: ${T} tokens, vocabulary ${info.task.vocabulary}, D = ${info.dimension}, positional encoding: ${info.positional}.`;
    } else if (m.type === 'snapshot') {
      show(m.snapshot);
    } else if (m.type === 'progress') {
      for (const [x, y] of m.losses) { losses[0].push(x); losses[1].push(y); }
      for (const [x, y] of m.accuracy) { accuracy[0].push(x); accuracy[1].push(y); }
      lossPlot?.setData(losses);
      accPlot?.setData(accuracy);
      const acc = accuracy[1][accuracy[1].length - 1];
      const progress = byId('attn-progress');
      progress.dataset.step = String(m.step);
      progress.textContent = `Step ${m.step} · loss ${fmt(losses[1][losses[1].length - 1] ?? NaN, 4)} · test accuracy ${acc === undefined ? '—' : `${fmt(100 * acc, 1)} %`} · ${fmt(m.seconds, 1)} s in this tab`;
      show(m.snapshot);
      if (m.done) {
        running = false;
        byId('attn-pause').textContent = 'Train on';
        setStatus(acc !== undefined && acc >= (info?.task.defaults.targetAccuracy ?? 1) ? `Solved at step ${m.step} (test accuracy ${fmt(100 * acc, 1)} %). Train on, or step through a query.` : `Stopped at step ${m.step}.`, 'ready');
      }
    } else if (m.type === 'ab-progress') {
      ab[0].push(m.step); ab[1].push(m.with); ab[2].push(m.without);
      abPlot?.setData(ab);
      if (m.withAccuracy !== null && m.withoutAccuracy !== null) {
        byId('attn-ab-result').textContent = `Step ${m.step}: test accuracy with ${m.positional} PE ${fmt(100 * m.withAccuracy, 1)} %, without PE ${fmt(100 * m.withoutAccuracy, 1)} %${m.done ? ' (done)' : ''}.`;
      }
      if (m.done) byId<HTMLButtonElement>('attn-ab').disabled = false;
    } else if (m.type === 'embed-progress') {
      embeddings?.onMessage(m);
      if (running) {
        // The worker paused the transformer to train this; Resume continues it.
        running = false;
        byId('attn-pause').textContent = 'Resume';
        setStatus('The transformer is paused while the embedding trains; Resume continues it.', 'ready');
      }
    } else if (m.type === 'error') {
      setStatus(m.message, 'error');
      running = false;
      byId<HTMLButtonElement>('attn-ab').disabled = false;
    }
  };

  function wire(): void {
    byId('attn-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const seed = Number(byId<HTMLInputElement>('attn-seed').value);
      if (!Number.isSafeInteger(seed) || seed < 0 || seed > 1_000_000) {
        setStatus(`The seed must be a whole number from 0 to 1000000, got "${byId<HTMLInputElement>('attn-seed').value}".`, 'error');
        return;
      }
      const task = byId<HTMLSelectElement>('attn-task').value;
      const pe = byId<HTMLSelectElement>('attn-pe').value;
      const d = byId<HTMLSelectElement>('attn-d').value;
      state = parseState(stateToSearch({ ...state, task, seed, positional: POSITIONALS.find((p) => p === pe) ?? null, dimension: d === 'default' ? null : Number(d),
        example: task === state.task ? state.example : defaultState(task).example, map: 0, head: 0, position: task === state.task ? state.position : defaultState(task).position, token: -1 }), catalog.map((t) => t.name), sizes);
      run();
    });
    byId('attn-pause').addEventListener('click', () => {
      running = !running;
      send({ type: running ? 'resume' : 'pause' });
      byId('attn-pause').textContent = running ? 'Pause' : 'Resume';
      setStatus(running ? `Training ${state.task}…` : 'Paused. The maps show the model as it is now.', running ? 'running' : 'ready');
    });
    byId('attn-example').addEventListener('change', () => {
      state = { ...state, example: Number(byId<HTMLSelectElement>('attn-example').value) };
      saveUrl();
      send({ type: 'focus', focus: focus() });
    });
    byId('attn-ab').addEventListener('click', () => {
      ab[0].length = ab[1].length = ab[2].length = 0;
      byId('attn-ab-chart').replaceChildren();
      const box = document.createElement('div');
      box.className = 'attn-chart';
      byId('attn-ab-chart').append(box);
      abPlot?.destroy();
      abPlot = chart(box, `${state.task}: training loss, same seed`, 'step', [
        { label: 'with PE', stroke: '#ffc83d', width: 2, points: { show: false } },
        { label: 'without PE', stroke: '#79c0ff', width: 2, points: { show: false } },
      ], [[], [], []], undefined, true);
      byId<HTMLButtonElement>('attn-ab').disabled = true;
      running = false;
      byId('attn-pause').textContent = 'Resume';
      byId('attn-ab-result').textContent = 'Running both…';
      send({ type: 'ab', task: state.task, seed: state.seed, steps: AB_STEPS });
    });
  }
}

start();
