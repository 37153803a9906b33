// The wasm module in node, through the facade: loading, errors, recovery.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Network } from '../../web/src/engine';
import { MODEL, MNIST_TEST_IMAGES, requireArtifact } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
let modelBytes: Uint8Array;

beforeAll(async () => {
  engine = await loadTestEngine();
  modelBytes = new Uint8Array(readFileSync(requireArtifact(MODEL, 'The shipped MNIST model')));
});

function openModel(): Network {
  return engine.networkFromSafetensors(modelBytes);
}

function blankInput(): Float32Array {
  return new Float32Array(784);
}

/** An engine message, not a bare number or an empty string leaking from C++. */
function expectClearMessage(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message.length).toBeGreaterThan(10);
  expect(message).not.toMatch(/^\d+$/);
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('loading', () => {
  it('loads the module and reports a version', () => {
    expect(typeof engine.version).toBe('string');
    expect(engine.version.length).toBeGreaterThan(0);
  });

  it('opens the shipped model as a 784 → 10 network', () => {
    const network = openModel();
    try {
      expect(network.inputSize).toBe(784);
      expect(network.outputSize).toBe(10);
      expect(network.parameterCount).toBeGreaterThan(784 * 10);
      expect(network.architecture()).toBeTypeOf('object');
    } finally {
      network.dispose();
    }
  });

  it('predicts a probability distribution', () => {
    const network = openModel();
    try {
      const probabilities = network.predict(blankInput());
      expect(probabilities).toBeInstanceOf(Float32Array);
      expect(probabilities).toHaveLength(10);
      const sum = probabilities.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 4);
    } finally {
      network.dispose();
    }
  });

  it('round-trips the model through toSafetensors', () => {
    const network = openModel();
    const input = blankInput().fill(0.5, 300, 500);
    try {
      const copy = engine.networkFromSafetensors(network.toSafetensors());
      try {
        expect(Array.from(copy.predict(input))).toEqual(Array.from(network.predict(input)));
      } finally {
        copy.dispose();
      }
    } finally {
      network.dispose();
    }
  });

  it('reads MNIST with the engine IDX parser', () => {
    const idx = engine.readIdx(new Uint8Array(readFileSync(MNIST_TEST_IMAGES)));
    expect(idx.dims).toEqual([10000, 28, 28]);
    expect(idx.data).toHaveLength(10000 * 784);
  });
});

describe('bad input throws an Error with the engine message, and the module keeps working', () => {
  it('predict with 10 floats instead of 784', () => {
    const network = openModel();
    try {
      const error = thrownBy(() => network.predict(new Float32Array(10)));
      expectClearMessage(error);
      expect((error as Error).message).toBe('input has 10 values; this network takes 784');
      expect(network.predict(blankInput())).toHaveLength(10);
    } finally {
      network.dispose();
    }
  });

  it('fromSafetensors on garbage bytes', () => {
    const garbage = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);
    expectClearMessage(thrownBy(() => engine.networkFromSafetensors(garbage)));
    expectClearMessage(thrownBy(() => engine.networkFromSafetensors(new Uint8Array(0))));
    const network = openModel();
    expect(network.predict(blankInput())).toHaveLength(10);
    network.dispose();
  });

  it('fromSafetensors on a truncated model', () => {
    expectClearMessage(thrownBy(() => engine.networkFromSafetensors(modelBytes.subarray(0, modelBytes.length - 100))));
  });

  it('readIdx on garbage bytes', () => {
    expectClearMessage(thrownBy(() => engine.readIdx(new Uint8Array([1, 2, 3, 4, 5]))));
  });

  it('preprocessDigit with a size that does not match the pixels', () => {
    expectClearMessage(thrownBy(() => engine.preprocessDigit(new Uint8Array(4 * 10 * 10), 20, 20)));
    expect(engine.preprocessDigit(new Uint8Array(4 * 20 * 20), 20, 20)).toHaveLength(784);
  });

  it('a disposed network refuses work instead of touching freed memory', () => {
    const network = openModel();
    network.dispose();
    network.dispose();
    expect(network.disposed).toBe(true);
    expect(() => network.predict(blankInput())).toThrow(/disposed/);
  });
});

describe('preprocessDigit', () => {
  it('gives zeros for a blank canvas and ink in [0, 1] for a drawn bar', () => {
    const side = 100;
    const rgba = new Uint8ClampedArray(side * side * 4);
    for (let i = 0; i < side * side; i++) rgba[i * 4 + 3] = 255; // opaque black
    expect(engine.preprocessDigit(rgba, side, side).every((v) => v === 0)).toBe(true);
    for (let y = 20; y < 80; y++) {
      for (let x = 45; x < 55; x++) rgba.fill(255, (y * side + x) * 4, (y * side + x) * 4 + 4);
    }
    const input = engine.preprocessDigit(rgba, side, side);
    expect(input).toHaveLength(784);
    expect(Math.max(...input)).toBeGreaterThan(0.5);
    expect(Math.max(...input)).toBeLessThanOrEqual(1);
    expect(Math.min(...input)).toBeGreaterThanOrEqual(0);
  });
});
