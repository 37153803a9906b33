// web/ reads a model's structure by name (tensors, internals, allLayers),
// never by type strings or offset arithmetic: each reader is checked here
// against an independent computation from the raw parameters.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../web/src/engine';
import type { Network } from '../../web/src/engine/network';
import { hasWeightMatrix, isActivation, tensorIn, weightShape } from '../../web/src/engine/structure';
import { matrixAt, walkThrough } from '../../web/src/playground/backprop';
import { denseLayers } from '../../web/src/playground/dense-layers';
import { neuronSource } from '../../web/src/playground/regions';
import { describeNeuron, strongestInputs, type DetailSource } from '../../web/src/view3d/neuron-detail';
import { hasConnections, layerShapes, planStages } from '../../web/src/view3d/stages';
import { loadTestEngine } from './helpers/engine';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});

// dense → tanh → dropout → dense → sigmoid: dropout sits between a weight layer and the next.
const MLP = { input: [2], layers: [{ type: 'dense', units: 3 }, { type: 'tanh' }, { type: 'dropout', rate: 0.5 }, { type: 'dense', units: 1 }, { type: 'sigmoid' }], loss: 'mse' };
const CNN = { input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 2, kernel: 3 }, { type: 'relu' }, { type: 'maxpool2d' }, { type: 'flatten' }, { type: 'dense', units: 4 }, { type: 'relu' }, { type: 'dense', units: 3 }] };

function withNet<T>(arch: object, body: (net: Network) => T): T {
  const net = engine.buildNetwork(arch, 3);
  try {
    return body(net);
  } finally {
    net.dispose();
  }
}

describe('structure from tensors and internals', () => {
  it('finds weight layers by their 2-D weight and activations by pre_activation', () => {
    withNet(MLP, (net) => {
      const layers = net.layers();
      expect(layers.map(weightShape)).toEqual([[2, 3], null, null, [3, 1], null]);
      const forward = net.forwardAll(new Float32Array([0.5, -1]));
      expect(forward.layers.map(isActivation)).toEqual([false, true, false, false, true]);
      expect(denseLayers(layers, forward.layers)).toEqual([
        { index: 0, inputSize: 2, outputSize: 3, activation: 'tanh', activationIndex: 1 },
        { index: 3, inputSize: 3, outputSize: 1, activation: 'sigmoid', activationIndex: 4 },
      ]);
    });
    withNet(CNN, (net) => {
      const layers = net.layers();
      expect(layers.map(hasWeightMatrix)).toEqual([false, false, false, false, true, false, true]);
      // The conv layer has weights, but not one (in, out) matrix: no dense entry for it.
      expect(denseLayers(layers, net.forwardAll(new Float32Array(64)).layers).map((d) => [d.index, d.inputSize, d.outputSize, d.activation]))
        .toEqual([[4, 18, 4, 'relu'], [6, 4, 3, 'linear']]);
    });
  });

  it('tensorIn cuts a named tensor out of a parameter-shaped buffer at the engine\'s offset', () => {
    withNet(MLP, (net) => {
      const layers = net.layers();
      const flat = net.parameters();
      const w = tensorIn(flat, layers[3]!, 'weight');
      expect(w.shape).toEqual([3, 1]);
      expect(Array.from(w.values)).toEqual(Array.from(net.weights(3, 'weight').values));
      expect(Array.from(tensorIn(flat, layers[3]!, 'bias').values)).toEqual(Array.from(net.weights(3, 'bias').values));
      expect(() => tensorIn(flat, layers[1]!, 'weight')).toThrow('layer tanh has no tensor "weight"');
      expect(() => tensorIn(flat.subarray(0, 10), layers[3]!, 'weight')).toThrow('tensor "weight" ends at 12, past the buffer\'s 10 values');
    });
  });
});

describe('the backprop walk-through reads the trace by layer', () => {
  it('gives z, a, δ, W, ∂L/∂W and the SGD step exactly as the engine computed them', () => {
    withNet(MLP, (net) => {
      const x = new Float32Array([0.5, -1]);
      const t = new Float32Array([1]);
      const trace = net.trace(x, t, 0.1);
      const forward = net.forwardAll(x);
      const steps = walkThrough(net, trace, denseLayers(net.layers(), forward.layers));
      expect(steps).toHaveLength(2);
      // The same numbers as the engine's dense-only summary of the trace.
      steps.forEach((s, k) => {
        expect(Array.from(s.z)).toEqual(Array.from(trace.layers[k]!.z));
        expect(Array.from(s.a)).toEqual(Array.from(trace.layers[k]!.a));
        expect(Array.from(s.delta)).toEqual(Array.from(trace.layers[k]!.delta));
        expect(s.activation).toBe(trace.layers[k]!.activation);
      });
      // Independently: z = x·W + b from the raw parameters (W1 is 2×3 at 0, b1 at 6, W2 3×1 at 9, b2 at 12).
      const p = net.parameters();
      for (let j = 0; j < 3; j++) {
        expect(matrixAt(steps[0]!.weight, 1, j)).toBe(p[3 + j]);
        expect(steps[0]!.z[j]).toBeCloseTo(0.5 * p[j]! - 1 * p[3 + j]! + p[6 + j]!, 6);
      }
      expect(steps[1]!.bias.values[0]).toBe(p[12]);
      expect(Array.from(steps[1]!.input)).toEqual(Array.from(forward.layers[2]!.values));
      // ∂L/∂W[i][j] = a_in[i] · δ[j], and the SGD step −η·g at the same place of the flat buffers.
      for (let i = 0; i < 3; i++) {
        const g = matrixAt(steps[1]!.gradient, i, 0);
        expect(g).toBe(trace.gradients[9 + i]);
        expect(g).toBeCloseTo(steps[1]!.input[i]! * steps[1]!.delta[0]!, 6);
        expect(matrixAt(steps[1]!.update, i, 0)).toBe(trace.step[9 + i]);
        expect(matrixAt(steps[1]!.updated, i, 0)).toBe(trace.updated[9 + i]);
      }
    });
  });
});

describe('the 3D view plans from shapes and tensors', () => {
  it('plans a CNN: conv and pool as maps, flatten skipped, connections only into (in, out) matrices', () => {
    withNet(CNN, (net) => {
      const forward = net.forwardAll(new Float32Array(64));
      const stages = planStages(layerShapes(forward.layers, net.layers()), 64, 3, [1, 8, 8]);
      expect(stages.map((s) => [s.kind, s.title, s.weightLayer, s.source])).toEqual([
        ['pixels', 'Input 8×8', -1, { from: 'input' }],
        ['maps', 'Conv 1 · 2 × 6×6', 0, { from: 'layer', index: 1 }],
        ['maps', 'Max pool 1 · 2 × 3×3', -1, { from: 'layer', index: 2 }],
        ['neurons', 'Hidden 1 · 4', 4, { from: 'layer', index: 5 }],
        ['neurons', 'Output · 3', 6, { from: 'output' }],
      ]);
      expect(stages.map(hasConnections)).toEqual([false, false, false, true, true]);
    });
  });

  it('a neuron\'s strongest inputs rank only its own inputs (72 bytes, not the layer\'s)', () => {
    withNet({ input: [784], layers: [{ type: 'dense', units: 128 }, { type: 'relu' }, { type: 'dense', units: 10 }] }, (net) => {
      const input = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 11) / 10);
      const forward = net.forwardAll(input);
      const layers = net.layers();
      const source: DetailSource = { network: net, layers, stages: planStages(layerShapes(forward.layers, layers), 784, 10) };
      // Count what crosses the boundary for the panel's strongest inputs.
      let bytes = 0;
      const into = net.topContributionsInto.bind(net);
      net.topContributionsInto = (l, n, k) => {
        const c = into(l, n, k);
        bytes += c.from.byteLength + c.to.byteLength + c.value.byteLength;
        return c;
      };
      net.topContributions = () => {
        throw new Error('the panel must not rank the whole layer');
      };
      const j = 17;
      const inputs = strongestInputs(source, 1, j);
      expect(bytes).toBe(6 * 12);
      // Before: topContributions(0, 784 × 128) copied 100,352 × 12 bytes = 1,204,224 to keep 6.
      expect(784 * 128 * 12).toBe(1_204_224);
      const w = net.weights(0, 'weight');
      const brute = Array.from({ length: 784 }, (_, i) => ({ i, v: w.values[i * 128 + j]! * input[i]! }))
        .filter((c) => input[c.i] !== 0)
        .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
        .slice(0, 6);
      expect(inputs.map((x) => x.label)).toEqual(brute.map((c) => `pixel (${c.i % 28}, ${Math.floor(c.i / 28)})`));
      inputs.forEach((x, n) => expect(x.value).toBeCloseTo(brute[n]!.v, 5));
      // The detail reads W and b by name, once per layer.
      const detail = describeNeuron(source, 1, j, input, forward);
      expect(detail.bias).toBe(net.weights(0, 'bias').values[j]);
      expect(Array.from(detail.weights!.values)).toEqual(Array.from({ length: 784 }, (_, i) => w.values[i * 128 + j]!));
      expect([...source.weights!.keys()]).toEqual([0]);
    });
  });
});

describe('the decision-region neuron map', () => {
  it('shows a hidden neuron after its activation and the last layer as the output', () => {
    withNet(MLP, (net) => {
      const grid = new Float32Array([0, 0, 1, 0.5, -1, 2]);
      const forward = net.forwardBatch(grid, 3);
      const dense = denseLayers(net.layers(), forward.layers);
      expect(neuronSource(forward, dense, 0)).toBe(forward.layers[1]);
      expect(neuronSource(forward, dense, 1)!.values).toBe(forward.output);
      expect(neuronSource(forward, dense, 2)).toBeUndefined();
    });
  });
});
