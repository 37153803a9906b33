// The Lab page: lab.html lists the experiments; lab.html?e=ID runs one. The
// engine (in a worker, through wasm) trains every arm and computes the
// verdict; this page only draws what it reports.
import '../style.css';
import './lab.css';
import type { LabExperimentInfo, LabResult } from '../engine';
import { setUpGlossary, term } from '../glossary/tooltip';
import { markSymbols } from '../glossary/symbols';
import type { TermKey } from '../glossary/terms';
import { setUpLabCharts, type LabCharts } from './charts';
import type { LabPageMessage, LabWorkerMessage } from './protocol';
import measured from './measured.json';
import { thumbnailSvg, type Thumbnail } from './thumbnail';

/** The site's pages that explore an experiment's subject further (constant markup). */
const FURTHER: Record<string, string> = {
  recurrence: '<a class="lab-entry-further" href="./sequences.html">Explore further: the Sequences page</a>',
  attention: '<a class="lab-entry-further" href="./attention.html">Explore further: the Attention page</a>',
  embeddings: '<a class="lab-entry-further" href="./attention.html">Explore further: the Attention page</a>',
};

/** The words each experiment's page uses, explained where they appear. */
const TERMS_USED: Record<string, TermKey[]> = {
  optimizers: ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw', 'lr', 'epoch', 'mse', 'cce', 'batch', 'seed'],
  activations: ['sigmoid', 'relu', 'leakyRelu', 'gelu', 'gradNorm', 'lr', 'sgd', 'epoch', 'seed'],
  depth: ['residual', 'layernorm', 'batchnorm', 'sigmoid', 'gradNorm', 'lr', 'sgd', 'seed'],
  'cnn-mlp': ['cnn', 'parameters', 'accuracy', 'adam', 'lr', 'epoch', 'seed'],
  overfitting: ['overfitting', 'dropout', 'lambda', 'l1l2', 'accuracy', 'adam', 'lr', 'seed'],
  stability: ['warmup', 'clipping', 'diverge', 'momentum', 'lr', 'step', 'seed'],
  'early-stopping': ['earlyStopping', 'validation', 'overfitting', 'adam', 'lr', 'epoch', 'seed'],
  recurrence: ['recurrentCell', 'addingProblem', 'gradientRatio', 'mse', 'clipping', 'adam', 'lr', 'epoch', 'seed'],
  attention: ['attentionWeights', 'tokenEmbedding', 'accuracy', 'adam', 'lr', 'epoch', 'seed'],
  embeddings: ['tokenEmbedding', 'cosine', 'attentionWeights', 'adam', 'lr', 'epoch', 'seed'],
};

interface Measured {
  date: string;
  experiments: Record<string, { verdict: string; summary: string; thumbnail: Thumbnail }>;
}
const MEASURED = measured as Measured;

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`lab.html lacks #${id}`);
  return found;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function setStatus(text: string, kind: 'loading' | 'ready' | 'running' | 'error'): void {
  const status = byId('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

function verdictBadge(verdict: string): string {
  const kind = verdict === 'holds' ? 'holds' : verdict === 'holds partly' ? 'partly' : 'fails';
  return `<span class="lab-badge" data-kind="${kind}">${escapeHtml(verdict)}</span>`;
}

function renderIndex(catalog: LabExperimentInfo[]): void {
  byId('lab-title').textContent = 'The Lab';
  byId('lab-lede').innerHTML = `The classic experiments of the field, each with the claim as our source document (seed 003) words it and
    the answer our engine measures. Open one, press Run, and check the ${term('verdict')} in your own browser.`;
  const rows = catalog.map((info) => ({ example: info.example, html: `<li class="lab-entry" data-testid="lab-entry-${info.id}">
      <a href="./lab.html?e=${encodeURIComponent(info.id)}"><strong>Example ${info.example}: ${escapeHtml(info.title)}</strong></a>
      <span class="lab-entry-claim">${escapeHtml(info.claim)}</span>
      ${MEASURED.experiments[info.id] === undefined ? '' : `<span class="lab-entry-thumb" data-testid="lab-thumb-${info.id}">${thumbnailSvg(MEASURED.experiments[info.id]!.thumbnail)}</span>`}
      <span class="lab-entry-verdict">${verdictBadge(MEASURED.experiments[info.id]?.verdict ?? 'not measured')}
        ${escapeHtml(MEASURED.experiments[info.id]?.summary ?? '')}</span>${FURTHER[info.id] ?? ''}</li>` })).sort((a, b) => a.example - b.example);
  byId('lab-body').innerHTML = `<p class="lab-note">Verdicts below: the default settings, measured natively on ${MEASURED.date}
    (<code>glassbox lab ID</code>); a Catch2 test holds each one. Your browser runs the same engine code.</p>
    <ul class="lab-index" data-testid="lab-index">${rows.map((r) => r.html).join('')}</ul>`;
}

function settingsFromUrl(info: LabExperimentInfo): Record<string, number> {
  const params = new URLSearchParams(location.search);
  const out: Record<string, number> = {};
  for (const s of info.settings) {
    const text = params.get(s.name);
    if (text !== null) out[s.name] = Number(text);
  }
  return out;
}

function resultTable(result: LabResult): string {
  const keys = result.arms[0]?.order ?? [];
  const cell = (key: string, value: number): string => {
    if ((key === 'epochs to target' || key === 'time to target ms') && value < 0) return 'not reached';
    if (key === 'time to target ms') return value.toFixed(1);
    if (key.endsWith('%')) return value.toFixed(1);
    if (key === 'time ms') return value.toFixed(0);
    if (Number.isInteger(value)) return value.toLocaleString('en');
    return value.toPrecision(3);
  };
  return `<table class="lab-table" data-testid="lab-table"><thead><tr><th scope="col">arm</th>${keys.map((k) => `<th scope="col">${escapeHtml(k)}</th>`).join('')}</tr></thead>
    <tbody>${result.arms.map((a) => `<tr><th scope="row">${escapeHtml(a.name)}${a.diverged ? ' (diverged)' : ''}</th>${keys.map((k) => `<td>${a.numbers[k] === undefined ? '' : cell(k, a.numbers[k])}</td>`).join('')}</tr>`).join('')}</tbody></table>
    ${result.arms.filter((a) => a.diverged).map((a) => `<p class="lab-divergence" data-testid="lab-divergence"><strong>${escapeHtml(a.name)} diverged:</strong> ${escapeHtml(a.divergence)}</p>`).join('')}`;
}

function renderExperiment(info: LabExperimentInfo, worker: Worker): void {
  document.title = `Glassbox Lab: ${info.title}`;
  byId('lab-title').textContent = `Example ${info.example}: ${info.title}`;
  byId('lab-lede').textContent = info.setup;
  const defaults = MEASURED.experiments[info.id];
  const given = settingsFromUrl(info);
  byId('lab-body').innerHTML = `
    <div class="lab-claims">
      <section class="lab-card" aria-label="The claim"><h2>Seed 003 claims</h2><blockquote data-testid="lab-claim">${escapeHtml(info.claim)}</blockquote></section>
      <section class="lab-card" aria-label="Our measurement"><h2>Measured here</h2>
        <div id="lab-verdict" data-testid="lab-verdict" data-verdict="" data-browser-seconds="${info.browserSeconds}">
          <p class="lab-note">Press Run to measure it in your browser (about ${info.browserSeconds} s at most with the defaults).
          ${defaults === undefined ? '' : `Natively, with the defaults, on ${MEASURED.date}: ${verdictBadge(defaults.verdict)} ${escapeHtml(defaults.summary)}`}</p>
        </div></section>
    </div>
    <form id="lab-settings" class="lab-settings" aria-label="Settings" novalidate>
      ${info.settings.map((s) => `<label class="lab-setting"><span>${escapeHtml(s.label)}</span>
        <input type="number" name="${s.name}" data-testid="lab-setting-${s.name}" min="${s.min}" max="${s.max}" step="${s.whole ? 1 : 'any'}" value="${given[s.name] ?? s.value}" required />
        <small>${escapeHtml(s.help)} [${s.min}, ${s.max}]</small></label>`).join('')}
      <div class="lab-buttons"><button type="submit" data-testid="lab-run">Run</button>
        <button type="button" id="lab-stop" data-testid="lab-stop" disabled>Stop</button>
        <progress id="lab-progress" data-testid="lab-progress" max="1" value="0" aria-label="Progress"></progress></div>
    </form>
    <p class="lab-cli">Reproduce in the CLI: <code id="lab-cli" data-testid="lab-cli">glassbox lab ${escapeHtml(info.id)}</code></p>
    <div id="lab-charts" class="lab-charts"></div>
    <div id="lab-results"></div>
    <p class="lab-terms">Terms: ${(TERMS_USED[info.id] ?? []).map((k) => term(k)).join(' · ')}</p>`;
  markSymbols(byId('lab-body'));

  const form = byId('lab-settings') as HTMLFormElement;
  const stop = byId('lab-stop') as HTMLButtonElement;
  const run = form.querySelector('button[type=submit]') as HTMLButtonElement;
  const progress = byId('lab-progress') as HTMLProgressElement;
  const verdict = byId('lab-verdict');
  let charts: LabCharts | null = null;
  let started = 0;

  const readSettings = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const s of info.settings) out[s.name] = Number((form.elements.namedItem(s.name) as HTMLInputElement).value);
    return out;
  };
  const cliLine = (settings: Record<string, number>): string => ['glassbox lab', info.id,
    ...info.settings.filter((s) => settings[s.name] !== s.value).map((s) => `--set ${s.name}=${settings[s.name]}`)].join(' ');
  const idle = (): void => {
    run.disabled = false;
    stop.disabled = true;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const settings = readSettings();
    byId('lab-cli').textContent = cliLine(settings);
    history.replaceState(null, '', `?${new URLSearchParams({ e: info.id, ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])) })}`);
    charts?.dispose();
    charts = null;
    byId('lab-results').replaceChildren();
    verdict.dataset.verdict = '';
    verdict.innerHTML = '<p class="lab-note">Running…</p>';
    run.disabled = true;
    stop.disabled = false;
    started = performance.now();
    setStatus(`Running ${info.title}…`, 'running');
    worker.postMessage({ type: 'run', id: info.id, settings } satisfies LabPageMessage);
  });
  stop.addEventListener('click', () => worker.postMessage({ type: 'stop' } satisfies LabPageMessage));

  worker.onmessage = (event: MessageEvent<LabWorkerMessage>) => {
    const m = event.data;
    if (m.type === 'progress') {
      charts ??= setUpLabCharts(byId('lab-charts'), info.charts, m.events.arms);
      charts.add(m.events);
      progress.value = m.progress;
    } else if (m.type === 'result') {
      progress.value = 1;
      charts?.showFilters(m.result);
      charts?.showMatrices(m.result);
      charts?.showSweep(m.result);
      byId('lab-charts').dataset.points = JSON.stringify(charts?.counts() ?? {});
      byId('lab-results').innerHTML = resultTable(m.result);
      verdict.dataset.verdict = m.result.verdict;
      verdict.innerHTML = `<p>${verdictBadge(m.result.verdict)} ${escapeHtml(m.result.summary)}</p>
        <p class="lab-note">Measured in this browser in ${m.seconds.toFixed(1)} s (${((performance.now() - started) / 1000).toFixed(1)} s with drawing).</p>`;
      markSymbols(verdict);
      setStatus('Done. Change a setting and run again, or reproduce it in the CLI.', 'ready');
      idle();
    } else if (m.type === 'stopped') {
      setStatus('Stopped.', 'ready');
      verdict.innerHTML = '<p class="lab-note">Stopped before the end: no verdict.</p>';
      idle();
    } else if (m.type === 'error') {
      setStatus(m.message, 'error');
      verdict.innerHTML = '<p class="lab-note">No verdict: the run did not start or failed (see the message above).</p>';
      idle();
    }
  };
}

function start(): void {
  setUpGlossary();
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'glassbox-lab' });
  const id = new URLSearchParams(location.search).get('e');
  worker.onmessage = (event: MessageEvent<LabWorkerMessage>) => {
    const m = event.data;
    if (m.type === 'error') {
      setStatus(m.message, 'error');
      return;
    }
    if (m.type !== 'ready') return;
    document.body.dataset.state = 'ready';
    if (id === null) {
      renderIndex(m.catalog);
      setStatus('Pick an experiment.', 'ready');
      return;
    }
    const info = m.catalog.find((e) => e.id === id);
    if (info === undefined) {
      renderIndex(m.catalog);
      setStatus(`There is no experiment "${id}" in the Lab; pick one below.`, 'error');
      return;
    }
    renderExperiment(info, worker);
    setStatus('Ready. Press Run.', 'ready');
  };
}

start();
