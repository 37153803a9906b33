// "Train in the tab": settings, a worker that trains with its own engine,
// live charts, the confusion matrix and misclassified digits, and the saved
// models (IndexedDB) with export, import and "use this model".
import type { Engine, OptimizerName } from '../engine';
import { digitNetworkFromBytes, type ModelEntry } from '../digits/model';
import { setUpCharts } from './charts';
import { showEvaluation, type TestSet } from './confusion';
import {
  DEFAULT_CONFIG,
  optimizerNames,
  describeNetwork,
  PRESETS,
  etaSeconds,
  formatDuration,
  parseHiddenSizes,
  smallSetWarning,
  usableChartHistory,
  type ModelPreset,
  type PageMessage,
  type RunCheckpoint,
  type TrainConfig,
  type WorkerMessage,
} from './protocol';
import { memoryCheckpointStore, memoryModelStore, openCheckpointStore, openModelStore, type CheckpointStore, type ModelStore, type SavedModel } from './store';
import { setUpResumeOffer, type ResumeOffer } from './resume';
import { workerFailure } from '../offline';
import { startTrainingWorker } from '../offline/training-worker';
import { createLiveView, type LiveTarget } from './live';
import { TEMPLATE } from './template';
import { download, message, percent, q } from './panel-dom';
import './training.css';

/** What the panel needs from the digit page: switch it to a model made here, and follow a run live. */
export type ModelTarget = LiveTarget;


export async function setUpTraining(element: HTMLElement, engine: Engine, target: ModelTarget): Promise<void> {
  element.classList.add('train');
  element.innerHTML = TEMPLATE;
  const form = q(element, '.train-form', HTMLFormElement);
  const preset = q(element, '[data-testid="train-preset"]', HTMLSelectElement);
  const hidden = q(element, '[data-testid="train-hidden"]', HTMLInputElement);
  const optimizer = q(element, '[data-testid="train-optimizer"]', HTMLSelectElement);
  const lr = q(element, '[data-testid="train-lr"]', HTMLInputElement);
  const batch = q(element, '[data-testid="train-batch"]', HTMLInputElement);
  const epochs = q(element, '[data-testid="train-epochs"]', HTMLInputElement);
  const seed = q(element, '[data-testid="train-seed"]', HTMLInputElement);
  const limit = q(element, '[data-testid="train-limit"]', HTMLSelectElement);
  const warning = q(element, '[data-testid="train-warning"]', HTMLParagraphElement);
  const shift = q(element, '[data-testid="train-shift"]', HTMLInputElement);
  const startButton = q(element, '[data-testid="train-start"]', HTMLButtonElement);
  const pauseButton = q(element, '[data-testid="train-pause"]', HTMLButtonElement);
  const resumeButton = q(element, '[data-testid="train-resume"]', HTMLButtonElement);
  const stopButton = q(element, '[data-testid="train-stop"]', HTMLButtonElement);
  const progress = q(element, '[data-testid="train-progress"]', HTMLProgressElement);
  const status = q(element, '[data-testid="train-status"]', HTMLParagraphElement);
  const errorLine = q(element, '[data-testid="train-error"]', HTMLParagraphElement);
  const result = q(element, '[data-testid="train-result"]', HTMLDivElement);
  const resultText = q(element, '[data-testid="train-result-text"]', HTMLParagraphElement);
  const useButton = q(element, '[data-testid="train-use"]', HTMLButtonElement);
  const evalBox = q(element, '.train-eval', HTMLDivElement);
  const matrix = q(element, '[data-testid="confusion"]', HTMLDivElement);
  const cellView = q(element, '[data-testid="confusion-cell"]', HTMLDivElement);
  const gallery = q(element, '[data-testid="misclassified"]', HTMLDivElement);
  const savedList = q(element, '[data-testid="saved-models"]', HTMLUListElement);
  const importInput = q(element, '[data-testid="import-file"]', HTMLInputElement);
  const importError = q(element, '[data-testid="import-error"]', HTMLParagraphElement);
  const downloadButton = q(element, '[data-testid="train-download"]', HTMLButtonElement);

  preset.append(...(Object.keys(PRESETS) as ModelPreset[]).map((key) => new Option(PRESETS[key].label, key)));
  optimizer.append(...optimizerNames(engine).map((name) => new Option(name, name)));
  preset.value = DEFAULT_CONFIG.preset;
  optimizer.value = DEFAULT_CONFIG.optimizer;
  lr.value = String(DEFAULT_CONFIG.learningRate);
  batch.value = String(DEFAULT_CONFIG.batchSize);
  epochs.value = String(DEFAULT_CONFIG.epochs);
  seed.value = String(DEFAULT_CONFIG.seed);
  preset.addEventListener('change', () => {
    hidden.disabled = preset.value !== 'custom';
  });
  // Warn before a run whose training set is too small to mean much.
  const showWarning = (): void => showError(warning, smallSetWarning(Number(limit.value)));
  limit.addEventListener('change', showWarning);

  const charts = setUpCharts(
    q(element, '[data-testid="chart-loss"]', HTMLDivElement),
    q(element, '[data-testid="chart-accuracy"]', HTMLDivElement),
    q(element, '[data-testid="chart-speed"]', HTMLDivElement),
  );

  let store: ModelStore;
  let checkpoints: CheckpointStore;
  try {
    store = await openModelStore();
    checkpoints = await openCheckpointStore();
  } catch {
    store = memoryModelStore();
    checkpoints = memoryCheckpointStore();
  }
  // Ask the browser not to evict saved models and checkpoints under storage pressure (it may say no).
  void navigator.storage?.persist?.().catch(() => false);

  function showError(line: HTMLElement, text: string | null): void {
    line.textContent = text ?? '';
    line.hidden = text === null;
  }

  function entryFor(saved: SavedModel): ModelEntry {
    return {
      id: `trained-${saved.id}`,
      name: `Trained: ${saved.name}`,
      file: '',
      // The note under the answer wraps, so the whole name is readable even where the picker is narrow.
      description: `“${saved.name}”: ${saved.architecture}, made in this tab, ${percent(saved.accuracy)} on the test set.`,
      bytes: saved.bytes,
    };
  }

  async function use(saved: SavedModel): Promise<void> {
    try {
      await target.useModel(entryFor(saved));
      element.dataset.using = String(saved.id);
      // Back to the canvas, to try the model on a drawing.
      target.reveal();
    } catch (error) {
      showError(importError, `Could not use ${saved.name}: ${message(error)}`);
    }
  }

  async function refreshSaved(): Promise<void> {
    const models = await store.list();
    savedList.replaceChildren(...models.map((m) => {
      const li = document.createElement('li');
      li.dataset.id = String(m.id);
      const text = document.createElement('span');
      text.className = 'train-saved-text';
      text.innerHTML = '<strong></strong> <span></span>';
      text.querySelector('strong')!.textContent = m.name;
      text.querySelector('span')!.textContent = `${m.architecture} · ${percent(m.accuracy)} · ${new Date(m.date).toLocaleString()}`;
      const button = (label: string, onClick: () => void): HTMLButtonElement => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        b.addEventListener('click', onClick);
        return b;
      };
      li.append(
        text,
        button('Use', () => void use(m)),
        button('Export', () => download(m.bytes, m.name)),
        button('Delete', () => void store.remove(m.id).then(refreshSaved)),
      );
      return li;
    }));
    if (models.length === 0) savedList.innerHTML = '<li class="train-empty">None yet: train one, or import a file.</li>';
    element.dataset.saved = String(models.length);
  }

  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (file === undefined) return;
    showError(importError, null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const network = digitNetworkFromBytes(engine, bytes);
      const architecture = describeNetwork(network);
      network.dispose();
      await store.add({ name: file.name.replace(/\.safetensors$/i, ''), date: Date.now(), architecture, accuracy: null, bytes });
      await refreshSaved();
    } catch (error) {
      showError(importError, `Could not import ${file.name}: ${message(error)}`);
    } finally {
      importInput.value = '';
    }
  });

  // The worker and one run's state.
  let worker: Worker | null = null;
  let test: TestSet | null = null;
  let totalSteps = 0;
  let perEpoch = 1;
  let epochsWanted = 1;
  let trainCount = 0;
  let lastSaved: SavedModel | null = null;
  let resumeOffer: ResumeOffer | null = null;
  const live = createLiveView(element, target);

  function setRunning(running: boolean, paused = false): void {
    startButton.disabled = running;
    pauseButton.disabled = !running || paused;
    resumeButton.disabled = !running || !paused;
    stopButton.disabled = !running;
    for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) input.disabled = running;
    if (!running) hidden.disabled = preset.value !== 'custom';
    element.dataset.training = running ? (paused ? 'paused' : 'running') : 'idle';
  }

  function send(message: PageMessage): void {
    worker?.postMessage(message);
  }

  async function onMessage(m: WorkerMessage): Promise<void> {
    switch (m.type) {
      case 'status':
        status.textContent = m.text;
        return;
      case 'checkpoint':
        await resumeOffer?.save(m.checkpoint);
        return;
      case 'started':
        test = { images: m.testImages, labels: m.testLabels };
        totalSteps = m.totalSteps;
        perEpoch = m.batchesPerEpoch;
        trainCount = m.trainCount;
        status.textContent = `Training ${m.architecture} on ${m.trainCount.toLocaleString('en')} images…`;
        live.start(m.architecture);
        return;
      case 'snapshot':
        live.snapshot(m);
        return;
      case 'progress': {
        charts.addLosses(m.step - m.losses.length + 1, m.losses);
        charts.addSpeed(m.elapsed, m.samplesPerSecond);
        progress.value = m.step / m.totalSteps;
        const eta = etaSeconds(m.step, m.totalSteps, m.elapsed);
        const epoch = Math.min(epochsWanted, Math.floor((m.step - 1) / perEpoch) + 1);
        status.textContent = `Epoch ${epoch} of ${epochsWanted} · step ${m.step.toLocaleString('en')} / ${m.totalSteps.toLocaleString('en')} · ` +
          `${Math.round(m.samplesPerSecond).toLocaleString('en')} samples/s · ETA ${eta === null ? '…' : formatDuration(eta)}`;
        element.dataset.lossPoints = String(charts.counts().loss);
        return;
      }
      case 'subset':
        charts.addAccuracy(m.epoch, m.accuracy, 'subset');
        element.dataset.accuracyPoints = String(charts.counts().accuracy);
        return;
      case 'epoch':
        charts.addAccuracy(m.epoch, m.accuracy, 'full');
        element.dataset.accuracyPoints = String(charts.counts().accuracy);
        element.dataset.accuracy = String(m.accuracy);
        if (test !== null) {
          evalBox.hidden = false;
          showEvaluation(matrix, cellView, gallery, test, m.confusion, m.predictions);
        }
        return;
      case 'paused':
        setRunning(true, true);
        status.textContent = `Paused at step ${Math.round(progress.value * totalSteps).toLocaleString('en')}.`;
        return;
      case 'resumed':
        setRunning(true, false);
        return;
      case 'done': {
        setRunning(false);
        void resumeOffer?.ended();
        element.dataset.workerInUse = String(m.workerInUseBytes);
        progress.value = m.stopped ? progress.value : 1;
        if (m.steps === 0) {
          status.textContent = 'Stopped before the first step; nothing was saved.';
          return;
        }
        const when = new Date();
        const small = smallSetWarning(trainCount) !== null;
        const name = `${m.architecture}${small ? ` · small training set (${trainCount.toLocaleString('en')})` : ''} ${when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
        status.textContent = `${m.stopped ? 'Stopped' : 'Done'} after ${formatDuration(m.seconds)}: ${percent(m.final.accuracy)} on the ${(test?.labels.length ?? 10_000).toLocaleString('en')} test images.`;
        downloadButton.hidden = true;
        try {
          lastSaved = await store.add({ name, date: when.getTime(), architecture: m.architecture, accuracy: m.final.accuracy, bytes: m.model });
          await refreshSaved();
          resultText.textContent = `Saved as “${name}” (${percent(m.final.accuracy)}).` +
            (small ? ` Trained on only ${trainCount.toLocaleString('en')} images: a demonstration, not a model to compare.` : '');
          element.dataset.small = String(small);
        } catch (error) {
          lastSaved = { id: -Date.now(), name, date: when.getTime(), architecture: m.architecture, accuracy: m.final.accuracy, bytes: m.model };
          // A full quota or storage turned off: say so, and keep the model one click from a file.
          resultText.textContent = `Could not save the model in this browser (${message(error)}). Download it now to keep it; you can use it until you reload.`;
          downloadButton.hidden = false;
          const unsaved = lastSaved;
          downloadButton.onclick = () => download(unsaved.bytes, unsaved.name);
        }
        result.hidden = false;
        element.dataset.seconds = String(m.seconds);
        element.dataset.maxRedrawMs = charts.maxRedrawMs().toFixed(1);
        element.dataset.done = String(Number(element.dataset.done ?? '0') + 1);
        return;
      }
      case 'error':
        setRunning(false);
        void resumeOffer?.ended();
        showError(errorLine, m.message);
        status.textContent = 'Training stopped by an error.';
        return;
    }
  }

  function ensureWorker(): Worker {
    if (worker !== null) return worker;
    worker = startTrainingWorker();
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      // The synchronous part of each handler, for the benchmark's long-task check.
      const start = performance.now();
      void onMessage(event.data);
      const spent = performance.now() - start;
      if (spent > Number(element.dataset.maxHandlerMs ?? '0')) element.dataset.maxHandlerMs = spent.toFixed(1);
    });
    worker.addEventListener('error', (event) => {
      setRunning(false);
      showError(errorLine, workerFailure(event));
      status.textContent = 'Training stopped by an error.';
      worker?.terminate();
      worker = null;
    });
    return worker;
  }

  function readConfig(): TrainConfig {
    const number = (input: HTMLInputElement, what: string, min: number, max: number, integer: boolean): number => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
        throw new Error(`${what} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
      }
      return v;
    };
    const count = Number(limit.value);
    return {
      preset: preset.value as ModelPreset,
      customHidden: preset.value === 'custom' ? parseHiddenSizes(hidden.value) : DEFAULT_CONFIG.customHidden,
      optimizer: optimizer.value as OptimizerName,
      learningRate: number(lr, 'Learning rate', 1e-6, 10, false),
      batchSize: number(batch, 'Batch size', 1, 4096, true),
      epochs: number(epochs, 'Epochs', 1, 50, true),
      shift: shift.checked,
      seed: number(seed, 'Seed', 0, 2 ** 31 - 1, true),
      limit: count === 60000 ? null : count,
    };
  }

  function startRun(config: TrainConfig, resume?: RunCheckpoint): void {
    resumeOffer?.dismiss();
    epochsWanted = config.epochs;
    charts.reset();
    progress.value = resume === undefined ? 0 : resume.step / resume.totalSteps;
    result.hidden = true;
    delete element.dataset.accuracy;
    // A resumed run's charts go on from step 1: the checkpoint carries what they showed.
    const history = resume === undefined ? null : usableChartHistory(resume.history, resume.step);
    if (history !== null) {
      charts.addLosses(1, history.losses);
      for (const point of history.accuracy) charts.addAccuracy(point.epoch, point.accuracy, point.kind);
      for (const point of history.speed) charts.addSpeed(point.seconds, point.samplesPerSecond);
    }
    element.dataset.lossPoints = String(charts.counts().loss);
    element.dataset.accuracyPoints = String(charts.counts().accuracy);
    if (resume !== undefined) element.dataset.resumedFrom = String(resume.step);
    setRunning(true);
    status.textContent = resume === undefined ? 'Starting the training worker…' : `Resuming at step ${resume.step.toLocaleString('en')}…`;
    ensureWorker();
    const dataBase = new URL(`${import.meta.env.BASE_URL}data/`, document.baseURI).href;
    send(resume === undefined ? { type: 'start', config, dataBase } : { type: 'start', config, dataBase, resume });
  }

  /** The panel's fields show a resumed run's settings. */
  function showConfig(config: TrainConfig): void {
    preset.value = config.preset;
    hidden.value = config.customHidden.join(', ');
    optimizer.value = config.optimizer;
    lr.value = String(config.learningRate);
    batch.value = String(config.batchSize);
    epochs.value = String(config.epochs);
    seed.value = String(config.seed);
    shift.checked = config.shift;
    limit.value = String(config.limit ?? 60000);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showError(errorLine, null);
    let config: TrainConfig;
    try {
      config = readConfig();
    } catch (error) {
      showError(errorLine, message(error));
      return;
    }
    startRun(config);
  });
  // Closing the tab mid-run: the browser asks first (the last checkpoint is kept either way).
  addEventListener('beforeunload', (event) => {
    if (element.dataset.training !== 'idle') event.preventDefault();
  });
  pauseButton.addEventListener('click', () => send({ type: 'pause' }));
  resumeButton.addEventListener('click', () => send({ type: 'resume' }));
  stopButton.addEventListener('click', () => {
    stopButton.disabled = true;
    status.textContent = 'Stopping: evaluating the model on the test set…';
    send({ type: 'stop' });
  });
  useButton.addEventListener('click', () => {
    if (lastSaved !== null) void use(lastSaved);
  });

  setRunning(false);
  showWarning();
  resumeOffer = await setUpResumeOffer(element, checkpoints, {
    resume(checkpoint) {
      showError(errorLine, null);
      showConfig(checkpoint.config);
      startRun(checkpoint.config, checkpoint);
    },
    storageFailed: (text) => showError(errorLine, text),
  });
  await refreshSaved();
}
