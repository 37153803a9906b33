// The 3D view against the real engine in node: the shipped MLP's forward pass
// and top-K contributions drawn as the view draws them, and the neuron detail
// panel's numbers checked against the raw parameters.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../web/src/engine/network';
import { layoutStages } from '../../web/src/view3d/layout';
import { NetworkView } from '../../web/src/view3d/network-view';
import { NeuronLayer } from '../../web/src/view3d/neuron-layer';
import { describeNeuron, type DetailSource } from '../../web/src/view3d/neuron-detail';
import { NEGATIVE, POSITIVE } from '../../web/src/view3d/palette';
import { layerShapes, planStages } from '../../web/src/view3d/stages';
import { MNIST_TEST_IMAGES, MODEL, requireArtifact } from './helpers/artifacts';
import { loadTestEngine } from './helpers/engine';

let network: Network;
let input: Float32Array;

beforeAll(async () => {
  const engine = await loadTestEngine();
  network = engine.networkFromSafetensors(readFileSync(requireArtifact(MODEL, 'The shipped model')));
  // MNIST test image 0 (a 7), scaled to [0, 1] as the page's preprocessing would give.
  const images = readFileSync(MNIST_TEST_IMAGES);
  input = Float32Array.from(images.subarray(16, 16 + 784), (v) => v / 255);
});

afterAll(() => network?.dispose());

describe('the view of the shipped MLP', () => {
  it('plans input, two hidden layers and the output from forwardAll', () => {
    const forward = network.forwardAll(input);
    const stages = planStages(layerShapes(forward.layers, network.layers()), network.inputSize, network.outputSize);
    expect(stages.map((s) => s.title)).toEqual(['Input 28×28', 'Hidden 1 · 128', 'Hidden 2 · 64', 'Output · 10']);
  });

  it('draws the engine top-K as segments between the right neurons, sign as colour', () => {
    const forward = network.forwardAll(input);
    const stages = planStages(layerShapes(forward.layers, network.layers()), network.inputSize, network.outputSize);
    const view = new NetworkView(stages, '3d', 50);
    const contributions = stages.map((s, i) => (i > 0 ? network.topContributions(s.weightLayer, 50) : null));
    view.update({ input, forward, contributions, winner: 7 });
    expect(view.connections.count).toBe(150);
    const layouts = layoutStages(stages, '3d');
    const first = contributions[1]!;
    for (let n = 0; n < 50; n++) {
      const segment = view.connections.segment(n);
      expect(segment.from).toEqual(Array.from(layouts[0]!.positions.subarray(first.from[n]! * 3, first.from[n]! * 3 + 3)));
      expect(segment.to).toEqual(Array.from(layouts[1]!.positions.subarray(first.to[n]! * 3, first.to[n]! * 3 + 3)));
      expect(segment.rgba.slice(0, 3)).toEqual([...(first.value[n]! < 0 ? NEGATIVE : POSITIVE)].map(Math.fround));
      // Largest |w·a| first, so opacity never increases along the list.
      if (n > 0) expect(segment.rgba[3]!).toBeLessThanOrEqual(view.connections.segment(n - 1).rgba[3]!);
    }
    // The strongest segment is fully opaque; an input pixel with no ink never appears.
    expect(view.connections.segment(0).rgba[3]).toBe(1);
    for (let n = 0; n < 50; n++) expect(input[first.from[n]!]!).toBeGreaterThan(0);
    expect((view.objects[3] as NeuronLayer).winner).toBe(7);
    view.dispose();
  });
});

describe('the neuron detail panel', () => {
  function source(): DetailSource {
    const forward = network.forwardAll(input);
    return {
      network,
      layers: network.layers(),
      stages: planStages(layerShapes(forward.layers, network.layers()), network.inputSize, network.outputSize),
    };
  }

  it('shows a first-layer neuron: activation, bias, its 784 weights as 28×28, its strongest w·a', () => {
    const s = source();
    const forward = network.forwardAll(input);
    const j = 5;
    const detail = describeNeuron(s, 1, j, input, forward);
    const w = network.parameters();
    expect(detail.title).toBe('Hidden 1 · neuron 5');
    expect(detail.activation).toBe(forward.layers[1]!.values[j]);
    expect(detail.weightedInput).toBe(forward.layers[0]!.values[j]);
    expect(detail.bias).toBe(w[784 * 128 + j]);
    expect(detail.weights!.cols).toBe(28);
    expect(detail.weights!.rows).toBe(28);
    expect(Array.from(detail.weights!.values)).toEqual(Array.from({ length: 784 }, (_, i) => w[i * 128 + j]!));
    // Brute force, here in the test only: the six largest |w·a| into neuron j.
    const brute = Array.from({ length: 784 }, (_, i) => ({ i, v: w[i * 128 + j]! * input[i]! }))
      .filter((c) => input[c.i] !== 0)
      .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
      .slice(0, 6);
    expect(detail.inputs.map((x) => x.label)).toEqual(brute.map((c) => `pixel (${c.i % 28}, ${Math.floor(c.i / 28)})`));
    detail.inputs.forEach((x, n) => expect(x.value).toBeCloseTo(brute[n]!.v, 5));
  });

  it('shows a deeper neuron with its weights in the previous layer grid, and an output as a probability', () => {
    const s = source();
    const forward = network.forwardAll(input);
    const hidden2 = describeNeuron(s, 2, 3, input, forward);
    expect([hidden2.weights!.cols, hidden2.weights!.rows]).toEqual([16, 8]);
    expect(hidden2.inputs[0]!.label).toMatch(/^Hidden 1 · neuron \d+$/);
    const output = describeNeuron(s, 3, 7, input, forward);
    expect(output.title).toBe('Output · digit 7');
    expect(output.isOutput).toBe(true);
    expect(output.activation).toBe(forward.output[7]);
    expect(output.activation).toBeGreaterThan(0.5);
  });
});
