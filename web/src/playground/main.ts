// The playground page: load the engine, read the state from the URL, wire
// the controls, the run and every view together, and drive the training loop.
import { loadEngine, type Engine, type ProblemInfo } from '../engine';
import '../style.css';
import './playground.css';
import { setUpBackprop } from './backprop';
import { setUpCharts } from './charts';
import { setUpCompare } from './compare';
import { setUpControls } from './controls';
import { setUpDiagram } from './diagram';
import { setUpExport } from './export';
import { setUpOwnData } from './owndata';
import { setUpPredictions } from './predictions';
import { setUpRegions } from './regions';
import { Run, type Dataset } from './run';
import { listsFrom, parseState, serializeState, type PlaygroundState } from './state';
import { el } from './dom';
import { setUpGlossary } from '../glossary/tooltip';
import { setUpPresentationToggle } from '../presentation';

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`playground.html lacks #${id}`);
  return found;
}

/** The problem's data from the engine; the 2-D sets also take noise, size and (blobs) classes. */
export function problemData(engine: Engine, state: PlaygroundState, group: string): Dataset {
  if (group !== '2d') return engine.makeProblem(state.problem, { seed: state.seed });
  return engine.makeProblem(state.problem, { seed: state.seed, noise: state.noise, samples: state.samples, ...(state.problem === 'blobs' ? { classes: state.classes } : {}) });
}

function setUpPlayground(engine: Engine, catalog: ProblemInfo[]): void {
  setUpGlossary(document.body);
  // The pickers and the URL parser take the engine's names, not a list of ours.
  const lists = listsFrom(engine.catalog());
  let state = parseState(window.location.search, catalog, 'xor', lists);
  let own: Dataset | null = null;
  const dataFor = (s: PlaygroundState): Dataset => own ?? problemData(engine, s, catalog.find((p) => p.name === s.problem)?.group ?? '');
  const run = new Run(engine, state, dataFor(state));
  let playing = false;
  let speed = 1;
  let dirty = true;
  let lastDraw = 0;
  let owed = 0;
  let drawCost = 0;

  const statusLine = el('p', { class: 'pg-status', 'data-testid': 'run-status', role: 'status' });
  const copy = el('button', { type: 'button', text: 'Copy link to this setup', 'data-testid': 'copy-link' });
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(window.location.href).then(
      () => { copy.textContent = 'Link copied'; },
      () => { copy.textContent = 'Copy the address bar: it holds the whole setup'; },
    );
    setTimeout(() => { copy.textContent = 'Copy link to this setup'; }, 2500);
  });
  byId('pg-status').append(statusLine, copy);
  const setPlaying = (p: boolean): void => {
    playing = p;
    controls.setPlaying(p);
  };
  const restart = (next: PlaygroundState, keepOwn = true): void => {
    if (!keepOwn || next.problem !== state.problem) own = null;
    state = next;
    setPlaying(false);
    run.reset(state, dataFor(state));
    controls.setState(state, { inputSize: run.data.train.inputSize, outputSize: run.data.train.targetSize });
    const query = serializeState(state);
    window.history.replaceState(null, '', `?${query}`);
  };
  const controls = setUpControls(byId('pg-controls'), catalog, {
    change: (s) => {
      // The stopping rules do not change the run: keep training where it is.
      if (serializeState({ ...s, epochs: state.epochs, targetLoss: state.targetLoss }) === serializeState(state) && state.problem === s.problem) {
        state = s;
        run.state = s;
        run.stopReason = '';
        window.history.replaceState(null, '', `?${serializeState(s)}`);
        run.refresh(false);
        return;
      }
      restart(s, false);
    },
    play: () => {
      if (run.stopReason !== '' || run.error !== '') run.reset();
      setPlaying(true);
    },
    pause: () => setPlaying(false),
    step: () => {
      setPlaying(false);
      run.step(1);
    },
    reset: () => {
      setPlaying(false);
      run.reset();
    },
    speed: (s) => {
      speed = s;
    },
  }, lists);

  const backprop = setUpBackprop(byId('pg-backprop'), (steps, sample, stage, selected) => {
    diagram.setTrace(steps, sample);
    diagram.setStage(stage, selected);
  });
  const regions = setUpRegions(byId('pg-regions'), (x, y) => ownData.addPoint(x, y));
  const diagram = setUpDiagram(byId('pg-diagram'), {
    hoverNeuron: (d, n) => regions.showNeuron(d, n),
    leaveNeuron: () => regions.hideNeuron(),
    selectWeight: (ref) => backprop.selectWeight(ref),
  });
  const charts = setUpCharts(byId('pg-charts'));
  const groupOf = (name: string): string => (own !== null ? 'own' : catalog.find((p) => p.name === name)?.group ?? '');
  const predictions = setUpPredictions(byId('pg-predictions'), groupOf);
  const ownData = setUpOwnData(byId('pg-owndata'), () => run.data, (data) => {
    own = data;
    restart(state);
  });
  setUpExport(byId('pg-export'), () => run);
  setUpCompare(byId('pg-compare'), engine, () => ({ state: run.state, data: run.data }), lists);

  run.onChange(() => {
    dirty = true;
  });

  function draw(): void {
    dirty = false;
    const h = run.history;
    const loss = h.trainLoss.at(-1);
    statusLine.textContent = run.error !== '' ? run.error
      : `epoch ${run.epoch} · batch ${run.stats?.totalSteps ?? 0} · training loss ${loss === undefined ? '–' : loss.toPrecision(4)}`
        + ` · test accuracy ${run.testEval === null ? '–' : `${(run.testEval.accuracy * 100).toFixed(1)}%`}${run.stopReason === '' ? '' : ` · ${run.stopReason}`}`;
    statusLine.dataset.epoch = String(run.epoch);
    statusLine.dataset.kind = run.error !== '' ? 'error' : 'ok';
    diagram.update(run.network, run.dense);
    charts.update(h);
    predictions.update(run);
    backprop.update(run);
    const twoD = run.data.train.inputSize === 2;
    byId('pg-regions').hidden = !twoD;
    regions.update(run.network, run.data, run.dense);
    ownData.update(run.data);
  }

  function frame(now: number): void {
    if (playing) {
      // Slow speeds accumulate fractions of a batch across frames.
      owed += speed * run.batchesPerEpoch;
      const batches = Math.floor(owed);
      if (batches >= 1) {
        owed -= batches;
        // Up to 10 chunks per frame, so fast runs still chart a point per chunk; stop chunking after ~14 ms.
        const total = Math.max(1, Math.min(batches, (state.epochs - run.epoch) * run.batchesPerEpoch));
        const bpe = run.batchesPerEpoch;
        // Whole epochs when there are several, so chart points land on epoch boundaries.
        const chunk = total >= bpe ? Math.ceil(Math.ceil(total / 10) / bpe) * bpe : Math.max(1, Math.ceil(total / 10));
        for (let done = 0; done < total;) {
          const n = Math.min(chunk, total - done);
          done += n;
          if (!run.step(n)) {
            setPlaying(false);
            break;
          }
          if (performance.now() - now > 14) break;
        }
      }
    }
    // While playing, redraw the heavier views at most ~12 times a second.
    // Big networks draw slowly: leave at least twice the draw time to training.
    if (dirty && (!playing || now - lastDraw > Math.max(80, 3 * drawCost))) {
      lastDraw = now;
      draw();
      drawCost = performance.now() - now;
    }
    requestAnimationFrame(frame);
  }

  restart(state);
  requestAnimationFrame(frame);
}

async function main(): Promise<void> {
  setUpPresentationToggle();
  const status = byId('status');
  try {
    const engine = await loadEngine();
    setUpPlayground(engine, engine.problemCatalog());
    status.hidden = true;
    document.body.dataset.state = 'ready';
  } catch (error) {
    status.textContent = error instanceof Error ? error.message : String(error);
    status.dataset.kind = 'error';
    document.body.dataset.state = 'error';
  }
}

void main();
