// The Sequences page's char model: train the engine's character-level LSTM on
// the embedded Alice text (in its own worker), type a prompt, sample with a
// temperature, and colour the text by one unit's h_t, as in Karpathy's
// "unreasonable effectiveness" cells. The engine computes every number; this
// panel arranges them.
import { el } from '../playground/dom';
import { divergingRgb, fmt, rgb } from '../playground/colors';
import { termElement } from '../glossary/tooltip';
import type { CharModelInfo, CharModelPageMessage, CharModelWorkerMessage, SampleRequest } from './charmodel-protocol';
import { textColorOn } from './charmodel-colors';
import './charmodel.css';

/** The slider's temperatures: 0.05 … 2 in steps of 0.05 (the engine accepts 0.01 … 10). */
export const TEMPERATURE_SLIDER = { min: 0.05, max: 2, step: 0.05, initial: 0.5 } as const;

function labelled(text: string | Node, control: HTMLElement, extraClass = ''): HTMLLabelElement {
  return el('label', { class: `sq-field ${extraClass}`.trim() }, el('span', {}, text), control);
}

function whole(input: HTMLInputElement, lo: number, hi: number, fallback: number): number {
  const n = Number(input.value);
  const v = Number.isFinite(n) && input.value.trim() !== '' ? Math.min(hi, Math.max(lo, Math.round(n))) : fallback;
  input.value = String(v);
  return v;
}

/** Builds the panel at the end of `root` and starts its worker. */
export function setUpCharModel(root: HTMLElement): void {
  const section = el('section', { class: 'sq-section cm', 'aria-labelledby': 'cm-title', 'data-testid': 'cm', 'data-state': 'loading' });
  const about = el('p', { class: 'sq-muted', 'data-testid': 'cm-about', text: 'Loading the char model…' });
  const seed = el('input', { type: 'number', min: '1', max: '2147483647', step: '1', value: '1', 'data-testid': 'cm-seed' });
  const steps = el('input', { type: 'number', min: '5', max: '2000', step: '5', value: '100', 'data-testid': 'cm-steps' });
  const train = el('button', { type: 'submit', 'data-testid': 'cm-train', text: 'Train the char model', disabled: '' });
  const stop = el('button', { type: 'button', 'data-testid': 'cm-stop', text: 'Stop', disabled: '' });
  const trainForm = el('form', { class: 'sq-controls', 'aria-label': 'Char model training', novalidate: '' },
    labelled(termElement('seed'), seed), labelled('steps', steps), el('div', { class: 'sq-buttons' }, train, stop));
  const progress = el('p', { class: 'cm-numbers', 'data-testid': 'cm-progress' });
  const result = el('p', { class: 'cm-numbers', 'data-testid': 'cm-result' });

  const prompt = el('input', { type: 'text', value: 'alice ', maxlength: '200', spellcheck: 'false', autocomplete: 'off', 'data-testid': 'cm-prompt' });
  const tau = el('input', { type: 'range', min: String(TEMPERATURE_SLIDER.min), max: String(TEMPERATURE_SLIDER.max), step: String(TEMPERATURE_SLIDER.step),
    value: String(TEMPERATURE_SLIDER.initial), 'aria-label': 'Temperature τ', 'data-testid': 'cm-temperature' });
  const tauOut = el('output', { 'data-testid': 'cm-temperature-out', text: TEMPERATURE_SLIDER.initial.toFixed(2) });
  const count = el('input', { type: 'number', min: '1', max: '2000', step: '1', value: '200', 'data-testid': 'cm-count' });
  const sampleSeed = el('input', { type: 'number', min: '1', max: '2147483647', step: '1', value: '1', 'data-testid': 'cm-sample-seed' });
  const unit = el('input', { type: 'number', min: '0', max: '127', step: '1', value: '0', 'data-testid': 'cm-unit' });
  const sample = el('button', { type: 'submit', 'data-testid': 'cm-sample', text: 'Sample', disabled: '' });
  const sampleForm = el('form', { class: 'sq-controls', 'aria-label': 'Sampling', novalidate: '' },
    labelled('prompt', prompt, 'cm-prompt'),
    labelled(el('span', {}, termElement('temperature'), ' = ', tauOut), tau, 'cm-tau'),
    labelled('characters', count), labelled(el('span', {}, 'sampling ', termElement('seed')), sampleSeed),
    labelled(el('span', {}, 'colour by ', termElement('charUnit')), unit),
    el('div', { class: 'sq-buttons' }, sample));
  const tauNote = el('p', { class: 'sq-muted', 'data-testid': 'cm-temperature-note' },
    'The next character is drawn from softmax(logits / ', termElement('temperature'), '). At τ = 1 the model draws from its own probabilities; lower τ sharpens them toward the likeliest character (safe, repetitive), higher τ flattens them (wilder, more misspelt).');
  const output = el('div', { class: 'cm-output', 'data-testid': 'cm-output', 'aria-live': 'polite', role: 'region', 'aria-label': 'Sampled text, coloured by the chosen unit' });
  const legendBar = el('span', { class: 'cm-legend-bar', 'aria-hidden': 'true' });
  for (let i = 0; i <= 8; i++) {
    const swatch = el('span', {});
    swatch.style.backgroundColor = rgb(divergingRgb(-1 + i / 4));
    legendBar.append(swatch);
  }
  const legendText = el('span', { 'data-testid': 'cm-legend-text' });
  const legend = el('p', { class: 'cm-legend', 'data-testid': 'cm-legend' }, el('span', { text: '−1' }), legendBar, el('span', { text: '+1' }), legendText);
  const numbers = el('p', { class: 'cm-numbers sq-muted', 'data-testid': 'cm-sample-numbers' });
  const error = el('p', { class: 'cm-error', role: 'alert', 'data-testid': 'cm-error' });

  section.append(el('h2', { id: 'cm-title' }, 'Char model: Alice, one character at a time'), about, trainForm, progress, result,
    sampleForm, tauNote, output, legend, numbers, error);
  root.append(section);
  showLegend(0);

  function showLegend(u: number): void {
    legendText.replaceChildren('Background: ', termElement('ht'), ` of unit ${u} after reading that character (tanh, from −1 blue through 0 dark to +1 orange). The prompt is underlined.`);
  }

  const worker = new Worker(new URL('./charmodel-worker.ts', import.meta.url), { type: 'module', name: 'glassbox-charmodel' });
  const send = (m: CharModelPageMessage): void => worker.postMessage(m);
  let info: CharModelInfo | null = null;
  let trained = false;

  tau.addEventListener('input', () => {
    tauOut.textContent = Number(tau.value).toFixed(2);
  });
  unit.addEventListener('change', () => showLegend(whole(unit, 0, (info?.units ?? 128) - 1, 0)));

  trainForm.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    result.textContent = '';
    progress.textContent = 'Starting…';
    train.disabled = true;
    stop.disabled = false;
    section.dataset.state = 'training';
    send({ type: 'train', seed: whole(seed, 1, 2147483647, 1), steps: whole(steps, 5, 2000, info?.steps ?? 100) });
  });
  stop.addEventListener('click', () => send({ type: 'stop' }));
  sampleForm.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const request: SampleRequest = {
      // The prompt goes to the engine as typed: it names any character outside its vocabulary.
      prompt: prompt.value,
      count: whole(count, 1, info?.maxSampleCount ?? 2000, 200),
      temperature: Number(tau.value),
      seed: whole(sampleSeed, 1, 2147483647, 1),
      unit: whole(unit, 0, (info?.units ?? 128) - 1, 0),
    };
    showLegend(request.unit);
    send({ type: 'sample', request });
  });

  function showSample(request: SampleRequest, text: string, activations: Float32Array): void {
    const all = request.prompt + text;
    const spans = [...all].map((ch, i) => {
      const h = activations[i] ?? 0;
      const background = divergingRgb(h);
      const span = el('span', { 'data-h': h.toFixed(4), title: `'${ch}': h = ${fmt(h, 3)}`, text: ch });
      if (i < request.prompt.length) span.classList.add('cm-prompt-char');
      span.style.backgroundColor = rgb(background);
      span.style.color = textColorOn(background);
      return span;
    });
    output.replaceChildren(...spans);
    output.dataset.unit = String(request.unit);
    output.dataset.temperature = String(request.temperature);
    output.dataset.sample = text;
  }

  worker.onmessage = (event: MessageEvent<CharModelWorkerMessage>) => {
    const m = event.data;
    if (m.type === 'ready') {
      info = m.info;
      about.replaceChildren(
        'An ', termElement('lstm'), ' ', termElement('charModel'), `: embedding (${m.info.vocabulary.length}, 32) → ${m.info.units} units → ${m.info.vocabulary.length} logits per position, trained to predict the next character of ${m.info.source} (${m.info.characters.toLocaleString('en')} characters, lower-cased; the first 90% to train on, the last 10% to test). `
        + `It reads windows of ${m.info.window} characters; defaults: ${m.info.steps} steps of ${m.info.batchSize} windows, Adam, learning rate ${Number(m.info.learningRate.toPrecision(3))}. Its vocabulary: ${[...m.info.vocabulary].map((c) => (c === ' ' ? '␣' : c)).join('')} (␣ is the space).`,
      );
      unit.max = String(m.info.units - 1);
      train.disabled = false;
      section.dataset.state = 'ready';
    } else if (m.type === 'progress') {
      progress.textContent = `step ${m.step} / ${m.steps} · training loss ${fmt(m.loss, 4)} · ${Math.round(m.samplesPerSecond).toLocaleString('en')} samples/s (windows of ${info?.window ?? 32} characters)`;
    } else if (m.type === 'trained') {
      trained = true;
      train.disabled = false;
      stop.disabled = true;
      sample.disabled = false;
      section.dataset.state = 'trained';
      section.dataset.accuracy = String(m.accuracy);
      result.textContent = `${m.stopped ? 'Stopped' : 'Trained'} at step ${m.step} in ${m.seconds.toFixed(1)} s (${Math.round(m.samplesPerSecond).toLocaleString('en')} samples/s). `
        + `Test windows: next-character accuracy ${(100 * m.accuracy).toFixed(1)}%, loss ${fmt(m.loss, 4)} nats per character.`;
    } else if (m.type === 'sample') {
      showSample(m.request, m.text, m.activations);
      const mean = m.probabilities.reduce((a, p) => a + Math.log(p), 0) / Math.max(1, m.probabilities.length);
      numbers.textContent = `${m.text.length} characters at τ = ${m.request.temperature.toFixed(2)} in ${Math.round(m.milliseconds)} ms; mean log-probability of the drawn characters under softmax(logits / τ): ${fmt(mean, 3)}.`;
      section.dataset.state = 'sampled';
    } else {
      error.textContent = m.message;
      if (m.during === 'train') {
        train.disabled = false;
        stop.disabled = true;
        section.dataset.state = trained ? 'trained' : 'ready';
      }
    }
  };
}
