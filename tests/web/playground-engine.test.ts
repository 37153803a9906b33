// The playground against the real engine: a run restarts from the same
// weights for the same seed, the generated PyTorch / Keras code has the
// model's layer sizes, and the catalog defaults train their problems.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { denseLayers, kerasSnippet, pytorchSnippet } from '../../web/src/playground/codegen';
import { datasetFrom } from '../../web/src/playground/owndata';
import { parseCsv } from '../../web/src/playground/csv';
import { Run } from '../../web/src/playground/run';
import { rowVerdicts } from '../../web/src/playground/predictions';
import { FALLBACK_LISTS, defaultState, listsFrom, parseState, type PlaygroundState } from '../../web/src/playground/state';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

function runFor(query: string): Run {
  const state = parseState(query, engine.problemCatalog());
  const run = new Run(engine, state, engine.makeProblem(state.problem, { seed: state.seed }));
  run.reset();
  return run;
}

describe('playground run', () => {
  it('Reset re-creates the same initial weights for the same seed, another seed gives others', () => {
    const run = runFor('?p=xor&seed=7');
    const initial = run.network!.parameters();
    run.step(50);
    expect(run.network!.parameters()).not.toEqual(initial);
    run.reset();
    expect(run.network!.parameters()).toEqual(initial);
    run.reset({ ...run.state, seed: 8 });
    expect(run.network!.parameters()).not.toEqual(initial);
    run.dispose();
  });

  it('stops at the epoch budget and records one history point per epoch stepped', () => {
    const run = runFor('?p=xor&epochs=5');
    for (let i = 0; i < 10 && run.step(1); i++);
    expect(run.epoch).toBe(5);
    expect(run.stopReason).toMatch(/epoch budget/);
    expect(run.history.epoch).toEqual([0, 1, 2, 3, 4, 5]);
    run.dispose();
  });

  it('reports a bad setting as an error instead of throwing', () => {
    const state: PlaygroundState = { ...parseState('?p=xor', engine.problemCatalog()), loss: 'softmax_cross_entropy' };
    const run = new Run(engine, state, engine.makeProblem('xor'));
    expect(() => run.reset()).not.toThrow();
    // Reset swallows the engine's error into run.error: it must be the engine's exact message.
    expect(run.error).toBe('architecture: softmax cross-entropy needs at least 2 outputs, the model has 1');
    expect(run.session).toBeNull();
    expect(run.network).toBeNull();
    expect(run.step(1)).toBe(false);
    // A good setting clears it.
    run.reset({ ...state, loss: 'mse' });
    expect(run.error).toBe('');
    expect(run.session).not.toBeNull();
    run.dispose();
  });

  it('steps the live session and re-reads the views\' network only when a view asks', () => {
    const run = runFor('?p=xor&seed=2');
    const session = run.session!;
    let saves = 0;
    const save = session.toSafetensors.bind(session);
    session.toSafetensors = () => {
      saves++;
      return save();
    };
    const loadsAtStart = run.networkLoads;
    for (let i = 0; i < 20; i++) run.step(1);
    // Before: every step saved the model and loaded a new Network (20 saves here).
    expect(saves).toBe(0);
    expect(run.networkLoads).toBe(loadsAtStart);
    const first = run.network!;
    expect(run.network).toBe(first);
    expect(saves).toBe(0);  // the live parameters are copied, no file in between
    expect(run.networkLoads).toBe(loadsAtStart + 1);
    // What the views read is the session's model after those 20 steps.
    const bytes = save();
    const reference = engine.networkFromSafetensors(bytes);
    expect(Array.from(first.parameters())).toEqual(Array.from(reference.parameters()));
    reference.dispose();
    run.dispose();
  });

  it('trains on pasted CSV data', () => {
    const csv = parseCsv('0,0,0\n0,1,1\n1,0,1\n1,1,0');
    if (!csv.ok) throw new Error(csv.error);
    const run = new Run(engine, parseState('?p=xor', engine.problemCatalog()), datasetFrom(csv.data));
    run.reset();
    expect(run.network!.outputSize).toBe(2);
    expect(run.step(10)).toBe(true);
    run.dispose();
  });
});

describe('the catalog defaults', () => {
  // What the page shows after Play with each problem's defaults (seed 1), run to the epoch budget.
  it('train every built-in problem: truth tables all right, the rest ≥ 85% on the test set', () => {
    for (const p of engine.problemCatalog()) {
      const run = new Run(engine, defaultState(p), engine.makeProblem(p.name, { seed: 1 }));
      run.reset();
      while (run.step(run.batchesPerEpoch * 50));
      expect(run.error, p.name).toBe('');
      expect(run.epoch, p.name).toBe(p.epochs);
      const table = p.group === 'gates' || p.group === 'circuits';
      expect(run.testEval!.accuracy, p.name).toBeGreaterThanOrEqual(table ? 1 : 0.85);
      run.dispose();
    }
  });

  it('counts a multi-label row as right only when every output bit is (in the engine)', () => {
    const run = runFor('?p=adder2');
    while (run.step(run.batchesPerEpoch * 50));
    expect(run.testEval!.accuracy).toBe(1);
    expect(run.testEval!.classes).toBe(8); // 3 output bits read as a number
    run.dispose();
  });
});

describe('the engine\'s lists', () => {
  it('the URL is validated against engine.catalog(), not a list kept in web/', () => {
    const catalog = engine.catalog();
    const lists = listsFrom(catalog);
    expect(lists.activations).toEqual(catalog.activations);
    expect(lists.losses).toEqual(catalog.losses);
    expect(lists.optimizers).toEqual(catalog.optimizers);
    // gelu_erf is one of the engine's activations that the fallback list lacks.
    expect(FALLBACK_LISTS.activations).not.toContain('gelu_erf');
    const query = '?p=spirals&h=4,4&act=gelu_erf,bogus&opt=adamw&loss=huber';
    expect(parseState(query, engine.problemCatalog(), 'xor', lists)).toMatchObject({ activations: ['gelu_erf', 'tanh'], optimizer: 'adamw', loss: 'huber' });
    // A name the catalog does not hold falls back to the problem's default.
    const without = { ...lists, optimizers: lists.optimizers.filter((o) => o !== 'adamw') };
    expect(parseState(query, engine.problemCatalog(), 'xor', without).optimizer).toBe('adam');
    // And the engine trains what the lists offer.
    const run = new Run(engine, parseState(query, engine.problemCatalog(), 'xor', lists), engine.makeProblem('spirals', { seed: 1 }));
    run.reset();
    expect(run.error).toBe('');
    // Huber models repeat the last hidden activation on the output (as the engine builds MSE and Huber MLPs).
    expect(run.dense.map((d) => d.activation)).toEqual(['gelu_erf', 'tanh', 'tanh']);
    run.dispose();
  });
});

describe('truth tables', () => {
  it('are scored by the engine: an output of exactly 0.5 is a 0, as evaluate counts it', () => {
    // All-zero weights: sigmoid(0) = 0.5 on every AND row. The engine reads 0.5 as 0 (it
    // decides at > 0.5), so it counts rows 0-2 right and row 3 (target 1) wrong; a
    // "≥ 0.5 is 1" rule in the page would have said the opposite for every row.
    const and = engine.makeProblem('and');
    const session = engine.startTraining({ sizes: [2, 1], activation: 'sigmoid', loss: 'mse', init: 'zeros' }, and.train, { seed: 1 });
    const zeros = engine.buildNetwork({ input: [2], layers: [{ type: 'dense', units: 1, init: 'zeros' }, { type: 'sigmoid' }], loss: 'mse' });
    expect(Array.from(zeros.forwardBatch(and.test.inputs, 4).output)).toEqual([0.5, 0.5, 0.5, 0.5]);
    zeros.dispose();
    expect(Array.from(and.test.targets)).toEqual([0, 0, 0, 1]);
    expect(rowVerdicts(session, and.test, and.multilabel)).toEqual([true, true, true, false]);
    expect(session.evaluate(and.test).correct).toBe(3);
    session.dispose();
  });

  it('a multi-label row is right only when every bit is, row by row as in the total', () => {
    const run = runFor('?p=adder2');
    for (let i = 0; i < 3; i++) run.step(1);
    const verdicts = rowVerdicts(run.session!, run.data.test, run.data.multilabel);
    expect(verdicts).toHaveLength(run.data.test.count);
    expect(verdicts.filter(Boolean).length).toBe(run.testEval!.correct);
    while (run.step(run.batchesPerEpoch * 50));
    expect(rowVerdicts(run.session!, run.data.test, run.data.multilabel).every(Boolean)).toBe(true);
    run.dispose();
  });
});

describe('generated code', () => {
  it('repeats the output activation of MSE models, as the engine builds them', () => {
    const run = runFor('?p=xor');
    const torch = pytorchSnippet({ layers: run.dense, loss: 'mse', file: 'x.safetensors' });
    expect(torch.match(/nn\.Sigmoid\(\)/g)?.length).toBe(2);
    run.dispose();
    const and = runFor('?p=and');
    expect(and.network!.layers().map((l) => l.type)).toEqual(['dense', 'sigmoid']);
    and.dispose();
  });

  it('builds the same layer sizes as the model, transposing only for PyTorch', () => {
    const run = runFor('?p=spirals&h=16,8,5&act=relu,tanh,sigmoid');
    const layers = run.dense;
    expect(layers.map((l) => [l.inputSize, l.outputSize])).toEqual([[2, 16], [16, 8], [8, 5], [5, 2]]);
    const spec = { layers, loss: run.state.loss, file: 'm.safetensors' };
    const torch = pytorchSnippet(spec);
    const linears = [...torch.matchAll(/nn\.Linear\((\d+), (\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(linears).toEqual([[2, 16], [16, 8], [8, 5], [5, 2]]);
    expect(torch).toContain("nn.ReLU()");
    expect(torch).toContain("nn.Tanh()");
    expect(torch).toContain("nn.Softmax(dim=-1)");
    expect(torch.match(/\.T\)/g)?.length).toBe(4);
    const keras = kerasSnippet(spec);
    expect(keras).toContain('keras.Input(shape=(2,))');
    expect([...keras.matchAll(/Dense\((\d+)/g)].map((m) => Number(m[1]))).toEqual([16, 8, 5, 2]);
    expect(keras).not.toContain('.T');
    expect(keras).toContain("Dense(16, activation='relu')");
    const leaky = kerasSnippet({ layers: [{ index: 0, inputSize: 2, outputSize: 3, activation: 'leaky_relu' }, { index: 2, inputSize: 3, outputSize: 1, activation: 'linear' }], loss: 'mse', file: 'f' });
    expect(leaky).toContain('negative_slope=0.01');
    // The keys the snippets read are the ones in the file.
    const bytes = run.session!.toSafetensors();
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true))));
    for (const l of layers) {
      expect(torch).toContain(`'layers.${l.index}.weight'`);
      const entry = (JSON.parse(header) as Record<string, { shape: number[] }>)[`layers.${l.index}.weight`];
      expect(entry?.shape).toEqual([l.inputSize, l.outputSize]);
    }
    run.dispose();
  });
});
