// The playground in Chromium: XOR trains to an all-correct truth table, the
// backprop walk-through shows numbers and follows the arrow keys, Reset gives
// the same initial weights, an A/B run draws two curves, a shared URL
// restores the run and a hostile one does not break the page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startPreview, watchPage, type PreviewHandle } from './support/site.mjs';
import { expectNoSeriousAxeViolations } from './support/axe.mjs';
import { openLesson } from './lessons/helpers';
import { smallestText } from './lessons/helpers';

let server: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(query: string): Promise<Page> {
  const page = await context.newPage();
  watchPage(page, { errors: pageErrors });
  await page.goto(`${server.url}playground.html${query}`);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 30_000 });
  expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
  await page.waitForSelector('[data-testid=diagram][data-params]');
  return page;
}

const params = (page: Page): Promise<string | null> => page.getByTestId('diagram').getAttribute('data-params');

describe('the playground', () => {
  it('trains XOR until every truth-table row is right', async () => {
    const page = await open('?p=xor');
    expect(await page.getByTestId('teaches').textContent()).toMatch(/XOR/);
    expect(await page.locator('a[href="./index.html"]').count()).toBe(1);
    await page.getByTestId('speed').fill('4');
    await page.getByTestId('play').click();
    await page.waitForSelector('[data-testid=truth-table][data-correct="4"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=truth-table] tr[data-correct=false]').count()).toBe(0);
    expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(2);
    expect(await page.getByTestId('regions').getAttribute('data-updates')).not.toBeNull();
    // A hidden neuron's own output appears when hovered.
    await page.locator('circle[data-layer="1"][data-index="0"]').hover();
    expect(await page.getByTestId('neuron-map').getAttribute('data-neuron')).toBe('0:0');
    expect(await page.getByTestId('diagram-tip').textContent()).toMatch(/layer 1 neuron 0: bias b = -?\d\.\d+, activation sigmoid; sample #\d+: z = -?\d\.\d+, a = \d\.\d+/);
    // Export: the trained model as a file, as PyTorch and as ONNX, all written by the engine.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toBe('glassbox-xor.safetensors');
    const [torchFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pytorch').click()]);
    expect(torchFile.suggestedFilename()).toBe('glassbox_xor.py');
    const [onnxFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-onnx').click()]);
    expect(onnxFile.suggestedFilename()).toBe('glassbox-xor.onnx');
    await page.getByTestId('export-code').click();
    expect(await page.getByTestId('code-pytorch').textContent()).toMatch(/nn\.Linear\(2, 4\),  # layer 0: dense\n\s+nn\.Sigmoid\(\),  # layer 1: sigmoid\n\s+nn\.Linear\(4, 1\)/);
    await expectNoSeriousAxeViolations(page, 'playground: XOR trained, truth table, code export open');
    await page.close();
  });

  it('steps through backprop with numbers, and the arrow keys move it', async () => {
    const page = await open('?p=xor&seed=3');
    const panel = page.getByTestId('backprop');
    expect(await panel.getAttribute('data-stage')).toBe('0');
    expect(await page.getByTestId('bp-body').textContent()).toMatch(/z = .*-?\d\.\d{4}.*a = sigmoid\(z\) = \d\.\d{4}/);
    await panel.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await panel.getAttribute('data-stage')).toBe('2');
    expect(await page.getByTestId('bp-loss').textContent()).toMatch(/L = \d\.\d+/);
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('bp-chain').textContent()).toMatch(/∂L\/∂w = a⁽in⁾0 · δ0 = -?\d\.\d{4} × -?\d\.\d{4} = -?\d/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // The run's own optimizer (Adam), with its moments from the engine.
    const quantities = await page.getByTestId('bp-quantity').allTextContents();
    expect(quantities.map((q) => q.split('=').slice(-2, -1)[0]!.trim().split(' ').pop())).toEqual(['m', 'v', 'm_hat', 'v_hat']);
    const value = (name: string): number => Number(quantities.find((q) => q.includes(`  ${name} = `))!.split(`  ${name} = `)[1]);
    const chain = (await page.getByTestId('bp-chain').textContent())!;
    expect(chain).toMatch(/^w2\[0→0\]: ∂L\/∂w = -?\d/);
    const eta = Number(chain.match(/η = ([\d.]+)/)![1]);
    const dw = Number(chain.match(/Δw = (-?[\d.e-]+)/)![1]);
    // Δw = −η m̂ / (√v̂ + ε), from the numbers on screen (rounded to 6 digits).
    expect(dw).toBeCloseTo(-eta * value('m_hat') / (Math.sqrt(value('v_hat')) + 1e-8), 3);
    expect(await page.getByTestId('bp-body').textContent()).toContain('adam: m ← β₁m + (1 − β₁)g');
    await page.keyboard.press('ArrowLeft');
    expect(await panel.getAttribute('data-stage')).toBe('4');
    // Clicking a weight in the diagram makes it the one whose chain rule is written out.
    await page.locator('line[data-dense="0"][data-from="1"][data-to="2"]').dispatchEvent('click');
    expect(await page.getByTestId('bp-chain').textContent()).toMatch(/Selected w1\[1→2\]: ∂L\/∂w = a⁽in⁾1 · δ2 = /);
    await expectNoSeriousAxeViolations(page, 'playground: backprop step-through, backward stage, weight selected');
    await page.close();
  });

  it('Reset re-creates the same initial weights', async () => {
    const page = await open('?p=moons&seed=5');
    const initial = await params(page);
    for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
    await page.waitForFunction((p) => document.querySelector('[data-testid=diagram]')?.getAttribute('data-params') !== p, initial);
    await page.getByTestId('reset').click();
    await page.waitForFunction((p) => document.querySelector('[data-testid=diagram]')?.getAttribute('data-params') === p, initial);
    await page.close();
  });

  it('runs A and B and overlays two loss curves', async () => {
    const page = await open('?p=xor');
    await page.getByTestId('ab-value').fill('0.5');
    await page.getByTestId('ab-epochs').fill('60');
    await page.getByTestId('ab-run').click();
    await page.waitForSelector('[data-testid=ab-chart][data-done=true]', { timeout: 20_000 });
    expect(Number(await page.getByTestId('ab-chart').getAttribute('data-points'))).toBe(60);
    expect(await page.getByTestId('ab-info').textContent()).toMatch(/A \(0\.05\).*ms per epoch.*B \(0\.5\).*ms per epoch/);
    await expectNoSeriousAxeViolations(page, 'playground: A/B comparison run');
    await page.close();
  });

  it('takes your own data: clicked points and CSV, rejecting bad CSV by line', async () => {
    const page = await open('?p=blobs&k=5&noise=0.3');
    expect(await page.getByTestId('arch').textContent()).toMatch(/^2-8-5/);
    expect(await page.getByTestId('noise').inputValue()).toBe('0.3');
    const before = Number(await page.locator('#pg-owndata').getAttribute('data-samples'));
    await page.getByTestId('point-class').selectOption('2');
    await page.getByTestId('regions').click({ position: { x: 40, y: 40 } });
    await page.waitForFunction((n) => Number(document.getElementById('pg-owndata')?.dataset.samples) === n + 1, before);
    expect(await page.getByTestId('csv-message').textContent()).toMatch(/class-2 point/);
    await page.getByTestId('csv').fill('x,y,label\n0,0,0\n1,oops,1\n');
    await page.getByTestId('csv-load').click();
    expect(await page.getByTestId('csv-message').textContent()).toBe('Rejected: line 3: "oops" in column 2 is not a number');
    await page.getByTestId('csv').fill('0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    await page.getByTestId('csv-load').click();
    expect(await page.getByTestId('csv-message').textContent()).toMatch(/Loaded 4 rows, 2 features, 2 classes/);
    expect(await page.getByTestId('arch').textContent()).toMatch(/^2-8-2/);
    await expectNoSeriousAxeViolations(page, 'playground: own data (clicked point, CSV error, CSV loaded)');
    await page.close();
  });

  it('restores a shared URL, and survives a hostile one', async () => {
    const query = '?p=circles&h=5,3&act=tanh,relu&out=tanh&loss=softmax_cross_entropy&opt=sgd&lr=0.03&bs=16&l1=0&l2=0.001&drop=0&seed=9&epochs=40&target=0&noise=0.2&n=200&k=3';
    const a = await open(query);
    expect(await a.getByTestId('arch').textContent()).toMatch(/^2-5-3-2/);
    expect(await a.getByTestId('neurons-0').inputValue()).toBe('5');
    expect(await a.getByTestId('activation-1').inputValue()).toBe('relu');
    // The pickers offer the engine's catalog (gelu_erf and softmax included), not a list of the page's own.
    expect(await a.getByTestId('activation-0').locator('option').allTextContents())
      .toEqual(['linear', 'relu', 'leaky_relu', 'elu', 'sigmoid', 'tanh', 'gelu', 'gelu_erf', 'swish', 'softplus', 'softmax']);
    expect(await a.getByTestId('optimizer').locator('option').allTextContents())
      .toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw']);
    expect(await a.getByTestId('optimizer').inputValue()).toBe('sgd');
    expect(await a.getByTestId('learning-rate').inputValue()).toBe('0.03');
    expect(await a.evaluate(() => window.location.search)).toBe(query);
    // Changing a setting updates the URL; that URL reproduces the same weights.
    await a.getByTestId('seed').fill('11');
    await a.getByTestId('seed').dispatchEvent('change');
    const shared = await a.evaluate(() => window.location.search);
    expect(shared).toContain('seed=11');
    const b = await open(shared);
    expect(await params(b)).toBe(await params(a));
    await a.close();
    await b.close();
    const hostile = await open(`?p=%3Cscript%3Ealert(1)%3C/script%3E&h=${'999,'.repeat(100)}&lr=NaN&bs=1e400&act=__proto__`);
    expect(await hostile.getByTestId('arch').textContent()).toMatch(/^2-64-64-64-64-64-64-64-64-1/);
    expect(await hostile.getByTestId('run-status').getAttribute('data-kind')).toBe('ok');
    await expectNoSeriousAxeViolations(hostile, 'playground: hostile URL, 8 hidden layers of 64');
    await hostile.close();
    expect(pageErrors).toEqual([]);
  });

  it('hides the controls a link names (hide=…), and keeps them hidden across a problem change', async () => {
    const page = await open('?p=xor&hide=optimizer,regularization');
    const visible = async (): Promise<Record<string, boolean>> => ({
      optimizer: await page.getByTestId('optimizer').isVisible(),
      l2: await page.getByLabel('L2').isVisible(),
      dropout: await page.getByLabel('Dropout').isVisible(),
      lr: await page.getByTestId('learning-rate').isVisible(),
      loss: await page.getByTestId('loss').isVisible(),
      play: await page.getByTestId('play').isVisible(),
    });
    expect(await visible()).toEqual({ optimizer: false, l2: false, dropout: false, lr: true, loss: true, play: true });
    // Hidden, not gone: the run still uses the problem's optimizer, and a new problem keeps the list.
    await page.getByTestId('problem').selectOption('circles');
    await expect.poll(() => page.evaluate(() => window.location.search)).toMatch(/^\?p=circles&.*&hide=optimizer,regularization$/);
    expect(await visible()).toEqual({ optimizer: false, l2: false, dropout: false, lr: true, loss: true, play: true });
    await page.close();
    // Lesson 7's link hides what the course has not taught by then (the optimizers, regularization).
    const lesson = await context.newPage();
    await openLesson(lesson, server.url, 7);
    const href = (await lesson.getByTestId('open-playground').getAttribute('href'))!;
    expect(href).toBe('./playground.html?p=xor&h=4&act=tanh&out=linear&loss=mse&opt=sgd&lr=0.3&bs=4&hide=optimizer,regularization');
    await lesson.close();
    const linked = await open(href.slice(href.indexOf('?')));
    expect(await linked.getByTestId('optimizer').isVisible()).toBe(false);
    expect(await linked.getByTestId('learning-rate').isVisible()).toBe(true);
    await linked.close();
    expect(pageErrors).toEqual([]);
  });

  it('names problems for people, keeps ids in the URL, and explains its terms and symbols', async () => {
    const page = await open('?p=xor&opt=adamw');
    const option = (id: string) => page.locator(`[data-testid=problem] option[value="${id}"]`).textContent();
    expect([await option('half_adder'), await option('pattern3x3'), await option('xor')]).toEqual(['Half adder', '3×3 patterns', 'XOR']);
    expect(await page.locator('[data-testid=problem] optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label'))))
      .toEqual(['Logic gates', 'Circuits', 'Classification', '2-D point sets']);
    const tip = page.getByTestId('glossary-tip');
    await page.locator('#pg-controls .term[data-term="lr"]').focus();
    expect(await tip.textContent()).toBe('learning rate η (eta): the size of each gradient-descent step. Too small is slow; too large overshoots and can diverge.');
    await page.getByTestId('optimizer-term').focus();
    expect(await tip.textContent()).toBe('AdamW Adam with decoupled weight decay: weights also shrink a little each step, separately from the gradient.');
    for (const key of ['epoch', 'batch', 'l1l2', 'dropout', 'seed']) expect(await page.locator(`#pg-controls .term[data-term="${key}"]`).count()).toBeGreaterThan(0);
    // The backward stage's symbols are terms too.
    for (let i = 0; i < 3; i++) await page.getByTestId('bp-next').click();
    expect(await page.getByTestId('bp-title').textContent()).toMatch(/^4\/6 · Backward/);
    await page.locator('[data-testid=bp-body] .term[data-term="delta"]').first().focus();
    expect(await tip.textContent()).toBe('δ Delta, a neuron\'s error signal ∂L/∂z. Backprop computes it layer by layer from the output back.');
    await page.getByTestId('bp-next').click();
    expect(await page.getByTestId('bp-title').textContent()).toMatch(/^5\/6 · Backward, layer 1/);
    expect(await page.locator('[data-testid=bp-body] .term[data-term="WT"]').count()).toBe(1);
    expect(await page.locator('[data-testid=bp-body] .term[data-term="hadamard"]').count()).toBe(1);
    await page.getByTestId('problem').selectOption({ label: 'Half adder' });
    expect(await page.evaluate(() => new URLSearchParams(window.location.search).get('p'))).toBe('half_adder');
    await page.close();
  });

  it('text is at least 14 px, and at least 18 px in presentation mode', async () => {
    const page = await open('?p=circles');
    await page.setViewportSize({ width: 1280, height: 720 });
    const small = await smallestText(page);
    expect(small.size, small.sample).toBeGreaterThanOrEqual(14);
    await page.getByTestId('presentation-toggle').check();
    const presenting = await smallestText(page);
    expect(presenting.size, presenting.sample).toBeGreaterThanOrEqual(18);
    await page.getByTestId('presentation-toggle').uncheck();
    await page.close();
  });

  it('opens the step-through on the sample with the largest loss, so first-layer gradients are not 0, and highlights each stage', async () => {
    const page = await open('?p=xor');
    const sample = await page.getByTestId('bp-sample').inputValue();
    const diagram = page.getByTestId('diagram');
    expect(await diagram.getAttribute('data-stage')).toBe('forward 0');
    expect(await page.locator('[data-testid=diagram] line.pg-stage[data-dense="0"]').count()).toBe(8);
    expect(await page.locator('[data-testid=diagram] circle.pg-stage[data-layer="1"]').count()).toBe(4);
    for (let i = 0; i < 4; i++) await page.getByTestId('bp-next').click();
    expect(await page.getByTestId('bp-title').textContent()).toMatch(/^5\/6 · Backward, layer 1/);
    expect(await diagram.getAttribute('data-stage')).toBe('backward 0');
    const grads = await page.locator('[data-testid=bp-neuron]').allTextContents();
    // XOR's (0, 0) has the largest loss at seed 1 (0.652) but zero inputs, so every first-layer gradient would be 0;
    // the walk-through opens on (1, 1) (loss 0.616) instead.
    expect(sample).toBe('3');
    expect(grads).toEqual([
      'neuron 0: δ = 0.0456;  ∂L/∂w[0→0] = 0.0456;  ∂L/∂w[1→0] = 0.0456',
      'neuron 1: δ = 0.0067;  ∂L/∂w[0→1] = 0.0067;  ∂L/∂w[1→1] = 0.0067',
      'neuron 2: δ = 0.0555;  ∂L/∂w[0→2] = 0.0555;  ∂L/∂w[1→2] = 0.0555',
      'neuron 3: δ = 0.0630;  ∂L/∂w[0→3] = 0.0630;  ∂L/∂w[1→3] = 0.0630',
    ]);
    await page.getByTestId('bp-next').click();
    expect(await diagram.getAttribute('data-stage')).toBe('update');
    expect(await page.locator('[data-testid=diagram] line.pg-stage').count()).toBe(1);
    await page.close();
  });
});
