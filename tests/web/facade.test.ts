// The facade's contract, checked against a fake embind object so it runs
// without build artifacts: status results become Errors, arrays are copied,
// embind objects are deleted exactly once.
import { describe, expect, it, vi, type Mock } from 'vitest';
import { Network } from '../../web/src/engine/network';
import { copyFloats, describeLoadError, unwrap } from '../../web/src/engine/result';
import type { RawNetwork, RawResult } from '../../web/src/engine/wasm/glassbox.mjs';

function fakeRaw(predict: (input: Float32Array) => RawResult<Float32Array>): RawNetwork & { delete: Mock<() => void> } {
  return {
    loadSafetensors: () => ({ ok: true, value: null }),
    build: () => ({ ok: true, value: null }),
    isLoaded: () => true,
    predict,
    forwardAll: () => ({ ok: false, error: 'not in this fake' }),
    forwardBatch: () => ({ ok: false, error: 'not in this fake' }),
    trace: () => ({ ok: false, error: 'not in this fake' }),
    evaluate: () => ({ ok: false, error: 'not in this fake' }),
    layers: () => [],
    parameters: () => ({ ok: true, value: new Float32Array(10) }),
    topContributions: () => ({ ok: false, error: 'not in this fake' }),
    topContributionsInto: () => ({ ok: false, error: 'not in this fake' }),
    weights: () => ({ ok: false, error: 'not in this fake' }),
    setParameters: () => ({ ok: false, error: 'not in this fake' }),
    inputSize: () => 4,
    outputSize: () => 2,
    parameterCount: () => 10,
    architectureJson: () => '{"layers":[]}',
    toSafetensors: () => ({ ok: false, error: 'cannot save: disk on fire' }),
    exportModel: () => ({ ok: false, error: 'layer 2: mystery layers cannot be exported to ONNX yet' }),
    sampleText: () => ({ ok: false, error: 'not in this fake' }),
    unitActivations: () => ({ ok: false, error: 'not in this fake' }),
    delete: vi.fn<() => void>(),
    isDeleted: () => false,
  };
}

describe('unwrap', () => {
  it('returns the value of an ok result', () => {
    expect(unwrap({ ok: true, value: 42 }, 'x')).toBe(42);
  });
  it('throws an Error carrying the engine message', () => {
    expect(() => unwrap({ ok: false, error: 'input has 10 values, expected 784' }, 'predict')).toThrowError(
      new Error('input has 10 values, expected 784'),
    );
  });
  it('still explains itself when the engine gives no message', () => {
    expect(() => unwrap({ ok: false, error: '' }, 'predict')).toThrow(/predict failed/);
  });
});

describe('copyFloats', () => {
  it('copies, so later writes to the source (wasm memory) do not leak in', () => {
    const source = new Float32Array([1, 2, 3]);
    const copy = copyFloats(source);
    source[0] = 99;
    expect(Array.from(copy)).toEqual([1, 2, 3]);
  });
});

describe('describeLoadError', () => {
  it("drops Emscripten's developer hint from abort messages", () => {
    const abort = new Error('Aborted(both async and sync fetching of the wasm failed). Build with -s ASSERTIONS=1 for more info.');
    expect(describeLoadError(abort)).toBe('both async and sync fetching of the wasm failed');
  });
  it('keeps other errors and stringifies non-Errors', () => {
    expect(describeLoadError(new Error('Failed to fetch'))).toBe('Failed to fetch');
    expect(describeLoadError('boom')).toBe('boom');
  });
});

describe('Network', () => {
  it('reads sizes once and copies predictions out', () => {
    const output = new Float32Array([0.25, 0.75]);
    const network = new Network(fakeRaw(() => ({ ok: true, value: output })));
    expect([network.inputSize, network.outputSize, network.parameterCount]).toEqual([4, 2, 10]);
    const result = network.predict(new Float32Array(4));
    output[0] = 0;
    expect(Array.from(result)).toEqual([0.25, 0.75]);
    expect(network.architecture()).toEqual({ layers: [] });
  });

  it('turns failures into thrown Errors', () => {
    const network = new Network(fakeRaw(() => ({ ok: false, error: 'wrong size' })));
    expect(() => network.predict(new Float32Array(1))).toThrow('wrong size');
    expect(() => network.toSafetensors()).toThrow('disk on fire');
    expect(() => network.exportModel('onnx', 'm.safetensors')).toThrowError(
      new Error('layer 2: mystery layers cannot be exported to ONNX yet'),
    );
  });

  it('deletes the embind object exactly once and refuses use afterwards', () => {
    const raw = fakeRaw(() => ({ ok: true, value: new Float32Array(2) }));
    const network = new Network(raw);
    network.dispose();
    network.dispose();
    expect(raw.delete).toHaveBeenCalledTimes(1);
    expect(network.disposed).toBe(true);
    expect(() => network.predict(new Float32Array(4))).toThrow(/disposed/);
  });
});
