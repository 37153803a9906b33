// Issue 13, part 4: a table of bad inputs through the JS facade. Every case
// must throw an Error with exactly the expected message (never an embind
// BindingError, a wasm RuntimeError or a bare number), and after every case
// the shipped MLP, loaded once at the start, must still read MNIST test
// digit 0 as a 7: no case may corrupt the module's heap. The heap is bounded
// too: across the whole table the allocator's in-use bytes come back to where
// they started and the linear memory (which never shrinks) grows by at most
// HEAP_GROWTH_BOUND (0 bytes); huge requests are refused before anything is allocated,
// and a huge accepted one gives all its memory back.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, EngineMemory, Network } from '../../web/src/engine';
import { MNIST_TEST_IMAGES, MODEL } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';
import { badCases } from './bad-input-cases';
import { expected } from './bad-input-expected';

let engine: Engine;
let mlp: Network;
let digit0: Float32Array;
/** The heap before the first case, after the shipped MLP and one prediction. */
let before: EngineMemory;
/** Bytes each case left in use (0 = it freed everything it allocated). */
const keptByCase = new Map<string, number>();

/**
 * Growth of the wasm linear memory allowed across the whole table: none.
 * Every huge request is refused before it allocates (measured 2026-12-01:
 * 33,554,432 → 33,554,432 bytes over 224 cases, the log line below).
 */
const HEAP_GROWTH_BOUND = 0;

beforeAll(async () => {
  engine = await loadTestEngine();
  mlp = engine.networkFromSafetensors(new Uint8Array(readFileSync(MODEL)));
  const images = engine.readIdx(new Uint8Array(readFileSync(MNIST_TEST_IMAGES)));
  digit0 = Float32Array.from(images.data.subarray(0, 784), (v) => v / 255);
  mlp.predict(digit0);
  // The engine's lazily built tables (the problem list: 3,624 bytes; the
  // sequence task list: 1,728; kept for the module's life) are made once
  // here, so every case below must free all it allocates.
  engine.makeProblem('xor');
  engine.sequenceTasks();
  before = engine.memory();
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
      const inUse = engine.memory().inUseBytes;
      let thrown: unknown;
      try {
        c.run(engine, mlp);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toBe(expected[c.name]);
      expect(argmax(mlp.predict(digit0))).toBe(7);
      keptByCase.set(c.name, engine.memory().inUseBytes - inUse);
    });
  }

  it('leaves the heap bounded: every case frees what it allocated, and the memory does not grow', () => {
    const after = engine.memory();
    const grown = after.heapBytes - before.heapBytes;
    const kept = [...keptByCase].filter(([, bytes]) => bytes !== 0);
    console.log(`bad-input table: ${cases.length} cases; wasm memory ${before.heapBytes} → ${after.heapBytes} bytes (+${grown}); ` +
      `in use ${before.inUseBytes} → ${after.inUseBytes}; cases that kept bytes: ${JSON.stringify(kept)}`);
    expect(keptByCase.size).toBe(cases.length);
    expect(kept).toEqual([]);
    expect(after.inUseBytes).toBe(before.inUseBytes);
    expect(grown).toBeLessThanOrEqual(HEAP_GROWTH_BOUND);
  });
});

describe('huge requests and the heap', () => {
  const megabytes = (n: number) => n * 1024 * 1024;

  it('a refused huge request allocates nothing: the memory does not grow', () => {
    const start = engine.memory();
    // 8193 × 8193 RGBA would be 256 MiB in the heap; the wrong length and the width are refused first.
    expect(() => engine.preprocessDigit(new Uint8Array(16), 8192, 8192)).toThrow('RGBA image has 16 bytes; 8192×8192 needs 268435456');
    expect(() => engine.buildNetwork({ input: 1024, layers: [{ type: 'dense', units: 65536 }] })).toThrow(/parameter/);
    expect(() => engine.buildNetwork({ input: 65536, layers: [{ type: 'dense', units: 65536 }] })).toThrow(/2\^28|268435456|limit/);
    const end = engine.memory();
    expect(end.heapBytes).toBe(start.heapBytes);
    expect(end.inUseBytes).toBe(start.inUseBytes);
  });

  it('a huge accepted request gives every byte back (in use returns to where it was)', () => {
    const start = engine.memory();
    // 2048 × 2048 RGBA: 16 MiB of pixels and 16 MiB of ink inside the heap.
    const side = 2048;
    const rgba = new Uint8Array(side * side * 4);
    for (let y = 900; y < 1100; y++) for (let x = 500; x < 1500; x++) rgba.fill(255, 4 * (y * side + x), 4 * (y * side + x) + 4);
    expect(engine.preprocessDigit(rgba, side, side)).toHaveLength(784);
    const afterPreprocess = engine.memory();
    // A 4-million-parameter network, built, used and disposed.
    const big = engine.buildNetwork({ input: 784, layers: [{ type: 'dense', units: 4096 }, { type: 'relu' }, { type: 'dense', units: 10 }] });
    const during = engine.memory();
    expect(during.inUseBytes - start.inUseBytes).toBeGreaterThan(megabytes(12));
    big.predict(digit0);
    big.dispose();
    const end = engine.memory();
    console.log(`huge accepted: 2048² preprocess memory +${afterPreprocess.heapBytes - start.heapBytes} bytes; ` +
      `4.0 M-parameter network in use +${during.inUseBytes - start.inUseBytes} while alive, +${end.inUseBytes - start.inUseBytes} after dispose`);
    expect(afterPreprocess.inUseBytes).toBe(start.inUseBytes);
    expect(end.inUseBytes).toBe(start.inUseBytes);
  });
});
