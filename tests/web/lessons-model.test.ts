// The lessons' networks with chosen weights, against the real engine: the
// parameters read back are the ones written, and a 3-input neuron gives the
// running example's numbers.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import { sigmoidCurve } from '../../web/src/lessons/lesson-1-neuron';
import { denseArchitecture, modelFactory, withNetwork } from '../../web/src/lessons/model';
import { xorFactory, xorParams, xorParamsWith } from '../../web/src/lessons/xor-net';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

describe('lesson models', () => {
  it('a 2-2-1 network reads back exactly the parameters it was given', () => {
    const factory = modelFactory(engine, denseArchitecture(2, [2, 1], 'sigmoid'));
    expect(factory.parameterCount).toBe(9);
    const params = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    withNetwork(factory, params, (net) => expect(Array.from(net.parameters())).toEqual(params));
  });

  it('the running example: z = 0.8·0.5 + 0.6·0.7 + 0.9·0.3 + 0.1 = 1.19 and σ(z) = 0.7667', () => {
    const factory = modelFactory(engine, denseArchitecture(3, [1], 'sigmoid'));
    withNetwork(factory, { '0.weight': [0.5, 0.7, 0.3], '0.bias': [0.1] }, (net) => {
      const f = net.forwardAll(Float32Array.of(0.8, 0.6, 0.9));
      expect(f.layers[0]!.values[0]).toBeCloseTo(1.19, 5);
      expect(f.output[0]).toBeCloseTo(0.76674, 4);
      const top = net.topContributions(0, 3);
      expect(Array.from(top.from)).toEqual([1, 0, 2]);
      expect(Array.from(top.value)).toEqual([expect.closeTo(0.42, 5), expect.closeTo(0.4, 5), expect.closeTo(0.27, 5)]);
    });
  });

  it('the sigmoid curve from the engine passes through 0.5 at z = 0', () => {
    const { z, a } = sigmoidCurve(engine, -8, 8, 161);
    expect(z[80]).toBe(0);
    expect(a[80]).toBeCloseTo(0.5, 6);
    expect(a[0]).toBeLessThan(0.001);
  });

  it('rejects a flat list of the wrong length, a tensor of the wrong size and an unknown layer', () => {
    const factory = modelFactory(engine, denseArchitecture(2, [1], 'sigmoid'));
    expect(() => factory.set([1, 2])).toThrow('this model has 3 parameters, got 2');
    expect(() => factory.set({ '0.weight': [1, 2, 3] })).toThrow('parameter "0.weight" has 2 values, got 3');
    expect(() => factory.set({ '5.weight': [1, 2] })).toThrow('no layer for parameter "5.weight"');
    factory.dispose();
  });

  it('named XOR parameters land where the engine keeps them: W₁ is inputs × neurons, v₁ is the output weight from h1', () => {
    const factory = xorFactory(engine);
    const net = factory.set(xorParams());
    expect(Array.from(net.weights(0, 'weight').values)).toEqual([20, -20, 20, -20]);
    expect(Array.from(net.weights(0, 'bias').values)).toEqual([-10, 30]);
    expect(Array.from(factory.set(xorParamsWith('v₁', 7)).weights(2, 'weight').values)).toEqual([7, 20]);
    expect(Array.from(net.weights(2, 'bias').values)).toEqual([-30]);
    factory.dispose();
  });
});
