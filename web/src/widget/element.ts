// <glassbox-playground>: a trimmed playground in a shadow root. It reuses the
// playground's Run, diagram, charts, regions and predictions; every number is
// the engine's. One engine instance is shared by every widget on the page;
// each widget owns its Run (a TrainingSession and a Network) and disposes it
// when the element leaves the DOM.
import { loadEngine, type Engine, type Network, type TrainingSession } from '../engine';
import { setUpCharts, type Charts } from '../playground/charts';
import { SPEEDS } from '../playground/controls';
import { setUpDiagram, type Diagram } from '../playground/diagram';
import { el } from '../playground/dom';
import { problemName } from '../playground/names';
import playgroundCss from '../playground/playground.css?inline';
import { setUpPredictions, type Predictions } from '../playground/predictions';
import { setUpRegions, type Regions } from '../playground/regions';
import { Run, type Dataset } from '../playground/run';
import { archText, listsFrom, parseState, type PlaygroundState } from '../playground/state';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { OBSERVED_ATTRIBUTES, controlsFrom, queryFromAttributes } from './attributes';
import { formatPercent, goalMet, goalText, parseGoal, type Goal } from './goal';
import widgetCss from './widget.css?inline';

/**
 * Constructed style sheets, shared by every widget on the page. A <style>
 * element in the shadow root would need 'unsafe-inline' (or a hash) in the
 * host page's Content-Security-Policy; an adopted sheet needs neither.
 */
function sheetOnce(css: string): () => CSSStyleSheet {
  let sheet: CSSStyleSheet | null = null;
  return () => {
    if (sheet === null) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    return sheet;
  };
}
const uplotSheet = sheetOnce(uplotCss);
const playgroundSheet = sheetOnce(playgroundCss);
const widgetSheet = sheetOnce(widgetCss);

let enginePromise: Promise<Engine> | null = null;
/** The engine, loaded once for every widget on the page. */
function sharedEngine(): Promise<Engine> {
  enginePromise ??= loadEngine();
  return enginePromise;
}

/** The problem's data from the engine (as the playground page builds it: 2-D sets take noise and size). */
function dataFor(engine: Engine, state: PlaygroundState, group: string): Dataset {
  if (group !== '2d') return engine.makeProblem(state.problem, { seed: state.seed });
  return engine.makeProblem(state.problem, { seed: state.seed, noise: state.noise, samples: state.samples, ...(state.problem === 'blobs' ? { classes: state.classes } : {}) });
}

interface Views {
  diagram: Diagram;
  charts: Charts;
  predictions: Predictions;
  regions: Regions;
  regionsBox: HTMLElement;
  status: HTMLElement;
  success: HTMLElement;
  play: HTMLButtonElement | null;
}

export class GlassboxPlayground extends HTMLElement {
  static observedAttributes = OBSERVED_ATTRIBUTES;
  readonly #root: ShadowRoot;
  #run: Run | null = null;
  #views: Views | null = null;
  #goal: Goal | null = null;
  #reached = false;
  #playing = false;
  #speed = SPEEDS[2]!;
  #owed = 0;
  #frame = 0;
  #dirty = true;
  /** Bumped on every (re)build and removal, so a load that finishes late is dropped. */
  #generation = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
  }

  /** The engine objects this widget owns now (its session and the views' network); empty once removed. */
  get engineObjects(): (TrainingSession | Network)[] {
    const run = this.#run;
    if (run === null) return [];
    const network = run.network;
    return [run.session, network].filter((o): o is TrainingSession | Network => o !== null);
  }

  /** The widget's state: 'loading', 'ready', 'reached' (goal met) or 'error'. */
  get state(): string {
    return this.dataset.state ?? 'loading';
  }

  connectedCallback(): void {
    void this.#build();
  }

  disconnectedCallback(): void {
    this.#teardown();
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null): void {
    if (old !== value && this.isConnected && this.#run !== null) void this.#build();
  }

  #teardown(): void {
    this.#generation++;
    cancelAnimationFrame(this.#frame);
    this.#run?.dispose();
    this.#run = null;
    this.#views = null;
    this.#playing = false;
  }

  async #build(): Promise<void> {
    this.#teardown();
    const generation = this.#generation;
    this.dataset.state = 'loading';
    this.#root.adoptedStyleSheets = [uplotSheet(), playgroundSheet(), widgetSheet()];
    this.#root.replaceChildren(
      el('p', { class: 'gb-status', role: 'status', text: 'Loading the engine…' }));
    let engine: Engine;
    try {
      this.#goal = parseGoal(this.getAttribute('goal'));
      engine = await sharedEngine();
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (generation !== this.#generation || !this.isConnected) return;
    try {
      const catalog = engine.problemCatalog();
      const state = parseState(queryFromAttributes((n) => this.getAttribute(n)), catalog, 'xor', listsFrom(engine.catalog()));
      const group = catalog.find((p) => p.name === state.problem)?.group ?? '';
      const run = new Run(engine, state, dataFor(engine, state, group));
      this.#run = run;
      this.#views = this.#layout(run, group);
      run.onChange(() => { this.#dirty = true; });
      run.reset();
      this.#reached = false;
      this.dataset.state = 'ready';
      this.#draw();
      this.#frame = requestAnimationFrame((t) => this.#tick(t));
    } catch (error) {
      this.#teardown();
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    this.dataset.state = 'error';
    this.#root.adoptedStyleSheets = [widgetSheet()];
    this.#root.replaceChildren(
      el('p', { class: 'gb-error', role: 'alert', 'data-testid': 'widget-error', text: error instanceof Error ? error.message : String(error) }));
  }

  #layout(run: Run, group: string): Views {
    const { state } = run;
    const catalog = run.engine.problemCatalog();
    const info = catalog.find((p) => p.name === state.problem);
    const title = `${problemName(state.problem)} · ${archText(run.data.train.inputSize, state.hidden, run.data.train.targetSize)}`;
    // A region named by its problem: two widgets on one page are told apart (and their parts too).
    const wrap = el('div', { class: 'pg-page gb-widget', part: 'widget', role: 'region', 'aria-label': `Glassbox widget: ${title}` });
    wrap.append(
      el('p', { class: 'gb-title', 'data-testid': 'title', text: title }),
      el('p', { class: 'gb-teaches', text: info?.teaches ?? '' }),
    );
    if (this.#goal !== null) wrap.append(el('p', { class: 'gb-goal', 'data-testid': 'goal', text: `Goal: reach ${goalText(this.#goal)}.` }));
    const controls = el('div', { class: 'gb-controls', 'data-testid': 'controls' });
    let play: HTMLButtonElement | null = null;
    for (const name of controlsFrom(this.getAttribute('controls'))) {
      if (name === 'play') {
        play = el('button', { type: 'button', class: 'pg-primary', 'data-testid': 'play', text: 'Play' });
        play.addEventListener('click', () => this.#setPlaying(!this.#playing));
        controls.append(play);
      } else if (name === 'step') {
        const b = el('button', { type: 'button', 'data-testid': 'step', text: 'Step', title: 'one mini-batch' });
        b.addEventListener('click', () => { this.#setPlaying(false); this.#run?.step(1); this.#check(); });
        controls.append(b);
      } else if (name === 'reset') {
        const b = el('button', { type: 'button', 'data-testid': 'reset', text: 'Reset', title: 'the same initial weights for the same seed' });
        b.addEventListener('click', () => { this.#setPlaying(false); this.#run?.reset(); this.#reached = false; this.#check(); });
        controls.append(b);
      } else if (name === 'speed') {
        const s = el('input', { type: 'range', min: '0', max: String(SPEEDS.length - 1), step: '1', value: '2', 'aria-label': 'Speed', 'data-testid': 'speed' });
        s.addEventListener('input', () => { this.#speed = SPEEDS[Number(s.value)] ?? 1; });
        controls.append(el('label', {}, 'Speed', s));
      } else {
        const lr = el('input', { type: 'number', min: '0.00001', max: '10', step: 'any', value: String(state.learningRate), 'data-testid': 'learning-rate', 'aria-label': 'Learning rate' });
        lr.addEventListener('change', () => {
          const value = Number(lr.value);
          if (Number.isFinite(value) && value > 0 && this.#run !== null) {
            this.#setPlaying(false);
            this.#run.reset({ ...this.#run.state, learningRate: value });
            this.#reached = false;
            this.#check();
          }
        });
        controls.append(el('label', {}, 'Learning rate', lr));
      }
    }
    const status = el('p', { class: 'pg-status', role: 'status', 'data-testid': 'run-status' });
    const success = el('p', { class: 'gb-success', role: 'status', 'data-testid': 'goal-reached' });
    success.hidden = true;
    const diagramBox = el('section', { 'aria-label': `${title}: network diagram` });
    const regionsBox = el('section', { 'aria-label': `${title}: decision regions` });
    regionsBox.hidden = group !== '2d';
    const chartsBox = el('section', { 'aria-label': `${title}: charts` });
    const predictionsBox = el('section', { 'aria-label': `${title}: predictions` });
    wrap.append(controls, status, success, el('div', { class: 'pg-views' }, diagramBox, regionsBox), chartsBox, predictionsBox);
    this.#root.append(wrap);
    this.#root.querySelector('.gb-status')?.remove();
    const regions = setUpRegions(regionsBox, () => {});
    const diagram = setUpDiagram(diagramBox, {
      hoverNeuron: (d, n) => regions.showNeuron(d, n),
      leaveNeuron: () => regions.hideNeuron(),
      selectWeight: () => {},
    });
    const groupOf = (name: string): string => catalog.find((p) => p.name === name)?.group ?? '';
    return { diagram, charts: setUpCharts(chartsBox), predictions: setUpPredictions(predictionsBox, groupOf), regions, regionsBox, status, success, play };
  }

  #setPlaying(playing: boolean): void {
    const run = this.#run;
    if (playing && run !== null && (run.stopReason !== '' || run.error !== '')) {
      run.reset();
      this.#reached = false;
    }
    this.#playing = playing;
    if (this.#views?.play) this.#views.play.textContent = playing ? 'Pause' : 'Play';
  }

  /** Checks the goal against the engine's latest evaluation; on success, stops and says so. */
  #check(): void {
    const run = this.#run;
    if (this.#goal === null || run === null || this.#reached) return;
    const measured = this.#goal.metric === 'accuracy' ? run.testEval?.accuracy : run.trainEval?.meanLoss;
    if (measured === undefined || !goalMet(this.#goal, measured)) return;
    this.#reached = true;
    this.#setPlaying(false);
    this.dataset.state = 'reached';
    const views = this.#views;
    if (views !== null) {
      const shown = this.#goal.metric === 'accuracy' ? formatPercent(measured) : measured.toPrecision(3);
      views.success.textContent = `Goal reached: ${this.#goal.metric === 'accuracy' ? 'test accuracy' : 'training loss'} ${shown} at epoch ${run.epoch}.`;
      views.success.hidden = false;
    }
    this.dispatchEvent(new CustomEvent('goal-reached', { detail: { metric: this.#goal.metric, value: measured, epoch: run.epoch }, bubbles: true, composed: true }));
  }

  #tick(now: number): void {
    const run = this.#run;
    if (run === null) return;
    if (this.#playing) {
      this.#owed += this.#speed * run.batchesPerEpoch;
      const batches = Math.floor(this.#owed);
      if (batches >= 1) {
        this.#owed -= batches;
        const total = Math.max(1, Math.min(batches, (run.state.epochs - run.epoch) * run.batchesPerEpoch));
        // Epoch-sized chunks, so the goal is checked at each epoch's evaluation.
        for (let done = 0; done < total && this.#playing;) {
          const n = Math.min(run.batchesPerEpoch, total - done);
          done += n;
          const going = run.step(n);
          this.#check();
          if (!going) { this.#setPlaying(false); break; }
          if (performance.now() - now > 14) break;
        }
      }
    }
    if (this.#dirty) this.#draw();
    this.#frame = requestAnimationFrame((t) => this.#tick(t));
  }

  #draw(): void {
    const run = this.#run;
    const views = this.#views;
    if (run === null || views === null) return;
    this.#dirty = false;
    const loss = run.trainEval?.meanLoss;
    views.status.textContent = run.error !== '' ? run.error
      : `epoch ${run.epoch} · training loss ${loss === undefined ? '–' : loss.toPrecision(4)}`
        + ` · test accuracy ${run.testEval === null ? '–' : formatPercent(run.testEval.accuracy)}${run.stopReason === '' ? '' : ` · ${run.stopReason}`}`;
    views.status.dataset.epoch = String(run.epoch);
    views.diagram.update(run.network, run.dense);
    views.charts.update(run.history);
    views.predictions.update(run);
    if (!views.regionsBox.hidden) views.regions.update(run.network, run.data, run.dense);
  }
}
