// The playground against the real engine: a run restarts from the same
// weights for the same seed, the generated PyTorch / Keras code has the
// model's layer sizes, and the catalog defaults train their problems.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { denseLayers } from '../../web/src/playground/dense-layers';
import { exportNames } from '../../web/src/playground/export';
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
    // The 2-D problems carry float inputs and targets (token tasks carry Int32 ids).
    expect(and.test.inputs).toBeInstanceOf(Float32Array);
    expect(and.test.targets).toBeInstanceOf(Float32Array);
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

describe('export, written by the engine', () => {
  it('gives the live session as a PyTorch module with the same layer sizes, transposing the dense weights', () => {
    const run = runFor('?p=spirals&h=16,8,5&act=relu,tanh,sigmoid');
    const names = exportNames(run.state.problem);
    expect(names).toEqual({ safetensors: 'glassbox-spirals.safetensors', pytorch: 'glassbox_spirals.py', onnx: 'glassbox-spirals.onnx' });
    const torch = new TextDecoder().decode(run.session!.exportModel('pytorch', names.safetensors));
    const linears = [...torch.matchAll(/nn\.Linear\((\d+), (\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(linears).toEqual(run.dense.map((l) => [l.inputSize, l.outputSize]));
    expect(linears).toEqual([[2, 16], [16, 8], [8, 5], [5, 2]]);
    for (const module of ['nn.ReLU()', 'nn.Tanh()', 'nn.Sigmoid()']) expect(torch).toContain(module);
    expect(torch).toContain(`TRANSPOSED = {${run.dense.map((l) => `"layers.${l.index}.weight"`).join(', ')}}`);
    expect(torch).toContain('model = load("glassbox-spirals.safetensors")');
    // The tensors it loads are the ones in the file, with the file's shapes.
    const bytes = run.session!.toSafetensors();
    const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, { shape: number[] }>;
    for (const [name, entry] of Object.entries(header)) {
      if (name !== '__metadata__') expect(torch).toContain(`"${name}": (${entry.shape.join(', ')}${entry.shape.length === 1 ? ',' : ''}),`);
    }
    run.dispose();
  });

  it('gives an ONNX file: IR version 8 first, opset 17 last', () => {
    const run = runFor('?p=xor');
    const onnx = run.session!.exportModel('onnx', 'x.safetensors');
    expect([...onnx.subarray(0, 2)]).toEqual([0x08, 0x08]);
    expect([...onnx.subarray(onnx.length - 6)]).toEqual([0x42, 0x04, 0x0a, 0x00, 0x10, 0x11]);
    run.dispose();
  });

  it('names a module file Python can import', () => {
    expect(exportNames('half_adder').pytorch).toBe('glassbox_half_adder.py');
    expect(exportNames('my-data').pytorch).toBe('glassbox_my_data.py');
  });
});
