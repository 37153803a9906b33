// Issue 13, part 4: a table of bad inputs through the JS facade. Every case
// must throw an Error with exactly the expected message (never an embind
// BindingError, a wasm RuntimeError or a bare number), and after every case
// the shipped MLP, loaded once at the start, must still read MNIST test
// digit 0 as a 7: no case may corrupt the module's heap.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Network } from '../../web/src/engine';
import { MNIST_TEST_IMAGES, MODEL } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';
import { badCases } from './bad-input-cases';
import { expected } from './bad-input-expected';

let engine: Engine;
let mlp: Network;
let digit0: Float32Array;
beforeAll(async () => {
  engine = await loadTestEngine();
  mlp = engine.networkFromSafetensors(new Uint8Array(readFileSync(MODEL)));
  const images = engine.readIdx(new Uint8Array(readFileSync(MNIST_TEST_IMAGES)));
  digit0 = Float32Array.from(images.data.subarray(0, 784), (v) => v / 255);
});

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function outcome(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : `(threw a non-Error: ${String(error)})`;
  }
  return '(no error)';
}

const cases = badCases();

describe('the bad-input table', () => {
  it(`has at least 150 cases, each with its expected message (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(Object.keys(expected).sort()).toEqual(cases.map((c) => c.name).sort());
  });

  if (process.env.GLASSBOX_PRINT) {
    it('prints the actual messages', () => {
      const actual: Record<string, string> = {};
      for (const c of cases) actual[c.name] = outcome(() => c.run(engine, mlp));
      writeFileSync('/tmp/bad-input-actual.json', JSON.stringify(actual, null, 1));
    });
    return;
  }

  for (const c of cases) {
    it(c.name, () => {
      let thrown: unknown;
      try {
        c.run(engine, mlp);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toBe(expected[c.name]);
      expect(argmax(mlp.predict(digit0))).toBe(7);
    });
  }
});
