// Lesson 7: train a 2-4-1 network on XOR from random weights, live. The
// engine trains (TrainingSession); the chart plots its loss per epoch; a
// learning rate too large makes the engine report divergence.
import type { Engine, TrainingSession } from '../engine';
import { term } from '../glossary/tooltip';
import { lineChart, positive } from '../playground/charts';
import type { LessonHandle } from './lesson-1-neuron';
import type { Progress } from './progress';
import { checkBox, find, fmtSmart, playgroundLink } from './widgets';

/** tanh hidden layer, linear output: with MSE, a too-large rate really does blow up. */
const ARCH = JSON.stringify({ input: 2, loss: 'mse', layers: [{ type: 'dense', units: 4 }, { type: 'tanh' }, { type: 'dense', units: 1 }] });
export const RATES = [0.003, 0.01, 0.03, 0.1, 0.3, 1] as const;
const EPOCHS = 300;
const PER_FRAME = 20;

export function setUpTrainingLesson(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle {
  const xor = engine.makeProblem('xor').train;
  element.innerHTML = `
    <h2>7. Training the 2-4-1 network</h2>
    <p>Now let the engine find the weights. A 2-4-1 network (2 inputs, 4 hidden tanh neurons, 1 output) starts from
      small random weights chosen by the ${term('seed')}. Each ${term('step')} runs the four XOR samples as one
      ${term('batch')}, computes the ${term('mse', 'MSE')} ${term('loss')}, backpropagates and moves every weight by
      ${term('sgd', 'plain gradient descent')}. Four samples per batch means one step is one ${term('epoch')}.</p>
    <div class="ls-row">
      <label class="ls-slider"><span>${term('lr')} ${term('eta')}</span>
        <input type="range" min="0" max="${RATES.length - 1}" step="1" value="3" data-testid="l7-rate" />
        <output data-testid="l7-rate-value"></output></label>
      <label class="ls-slider"><span>${term('seed')}</span><input type="number" min="1" max="999" value="1" class="ls-input" data-testid="l7-seed" /><span></span></label>
    </div>
    <p class="ls-buttons"><button type="button" class="ls-button" data-testid="l7-train">Train ${EPOCHS} epochs</button>
      <button type="button" class="ls-button" data-testid="l7-diverge">Try η = 1</button></p>
    <p class="ls-status" data-testid="l7-status" role="status">Not started.</p>
    <div class="ls-chart" data-testid="l7-chart"></div>`;
  const rate = find(element, '[data-testid="l7-rate"]', HTMLInputElement);
  const rateOut = find(element, '[data-testid="l7-rate-value"]', HTMLOutputElement);
  const seed = find(element, '[data-testid="l7-seed"]', HTMLInputElement);
  const status = find(element, '[data-testid="l7-status"]', HTMLParagraphElement);
  const chartBox = find(element, '[data-testid="l7-chart"]', HTMLDivElement);
  const chart = lineChart(chartBox, 'Loss (MSE)', [{ label: 'train', stroke: '#e68c1e', width: 2 }], 'log');
  const showRate = (): void => {
    rateOut.textContent = String(RATES[Number(rate.value)]);
  };
  rate.addEventListener('input', showRate);
  showRate();

  let session: TrainingSession | null = null;
  let frame = 0;
  let lastLoss = NaN;
  let diverged = false;
  const epochs: number[] = [];
  const losses: number[] = [];

  function stop(): void {
    cancelAnimationFrame(frame);
    session?.dispose();
    session = null;
  }

  function train(): void {
    stop();
    epochs.length = 0;
    losses.length = 0;
    diverged = false;
    const lr = RATES[Number(rate.value)] ?? 0.3;
    session = engine.startTraining({ json: ARCH }, { inputs: xor.inputs, targets: xor.targets, count: xor.count },
      { optimizer: 'sgd', learningRate: lr, batchSize: 4, seed: Math.max(1, Math.round(Number(seed.value) || 1)) });
    const tick = (): void => {
      if (session === null) return;
      try {
        const stats = session.step(PER_FRAME);
        epochs.push(stats.epoch);
        losses.push(stats.meanLoss);
        lastLoss = stats.meanLoss;
        chart.setData([epochs, positive(losses)]);
        chartBox.dataset.points = String(epochs.length);
        status.textContent = `η = ${lr}: epoch ${stats.epoch}, loss ${fmtSmart(stats.meanLoss, 4)}`;
        status.dataset.epoch = String(stats.epoch);
        if (stats.epoch >= EPOCHS) {
          status.textContent += ' · done';
          status.dataset.done = 'true';
          stop();
          return;
        }
      } catch (error) {
        diverged = true;
        status.textContent = `η = ${lr}: the loss blew up. The engine says: ${error instanceof Error ? error.message : String(error)}`;
        status.dataset.done = 'diverged';
        stop();
        return;
      }
      frame = requestAnimationFrame(tick);
    };
    status.dataset.done = 'false';
    frame = requestAnimationFrame(tick);
  }

  find(element, '[data-testid="l7-train"]', HTMLButtonElement).addEventListener('click', train);
  find(element, '[data-testid="l7-diverge"]', HTMLButtonElement).addEventListener('click', () => {
    rate.value = String(RATES.indexOf(1));
    showRate();
    train();
  });

  element.append(
    checkBox('l7-train', `Task: find a ${term('lr')} that brings the loss below 0.001 within ${EPOCHS} epochs, then check.`, progress, () => {
      if (diverged) return { ok: false, message: 'That run diverged: the steps overshot. Pick a smaller η.' };
      if (status.dataset.done !== 'true') return { ok: false, message: `Train for the full ${EPOCHS} epochs first.` };
      if (lastLoss < 0.001) return { ok: true, message: `Right: loss ${fmtSmart(lastLoss, 4)} after ${EPOCHS} epochs with η = ${RATES[Number(rate.value)]}.` };
      return { ok: false, message: `Not yet: the loss is ${fmtSmart(lastLoss, 4)}, above 0.001. Too small an η crawls; try a larger one.` };
    }),
    playgroundLink('p=xor&h=4&act=tanh&out=linear&loss=mse&opt=sgd&lr=0.3&bs=4&hide=optimizer,regularization', 'Open this network in the playground'),
  );
  return { dispose: stop };
}
