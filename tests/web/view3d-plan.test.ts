// The 3D view's pure logic with fake engine results: the layer-kind dispatch
// (including the CNN path the engine cannot produce yet), grid layouts, value
// → colour, and the model list.
import { describe, expect, it } from 'vitest';
import { parseModelList } from '../../web/src/digits/model';
import { gridShape, layoutStages, stageGrid, NEURON_SPACING, OUTPUT_SPACING } from '../../web/src/view3d/layout';
import {
  MIN_CONNECTION_ALPHA, NEGATIVE, POSITIVE, REST,
  activationColor, connectionAlpha, heatmapRgba, maxAbs, pixelColor, signColor,
} from '../../web/src/view3d/palette';
import { planStages, stageValues } from '../../web/src/view3d/stages';
import { CNN, MLP, fakeForward } from './helpers/view3d-fixtures';

describe('planStages: the layer-kind dispatch', () => {
  it('folds activations into their dense layer and makes the last one the output', () => {
    const stages = planStages(MLP, 784, 10);
    expect(stages.map((s) => [s.kind, s.title, s.size, s.weightLayer])).toEqual([
      ['pixels', 'Input 28×28', 784, -1],
      ['neurons', 'Hidden 1 · 128', 128, 0],
      ['neurons', 'Hidden 2 · 64', 64, 2],
      ['neurons', 'Output · 10', 10, 4],
    ]);
    // Hidden neurons glow with their value after ReLU; the output with the probabilities.
    expect(stages.map((s) => s.source)).toEqual([
      { from: 'input' }, { from: 'layer', index: 1 }, { from: 'layer', index: 3 }, { from: 'output' },
    ]);
    expect(stages.map((s) => s.isOutput)).toEqual([false, false, false, true]);
  });

  it('turns conv and pooling layers into feature-map stacks and skips flatten', () => {
    const stages = planStages(CNN, 784, 10);
    expect(stages.map((s) => [s.kind, s.type, s.shape, s.source])).toEqual([
      ['pixels', 'input', [1, 28, 28], { from: 'input' }],
      ['maps', 'conv2d', [4, 26, 26], { from: 'layer', index: 1 }],
      ['maps', 'maxpool2d', [4, 13, 13], { from: 'layer', index: 2 }],
      ['maps', 'conv2d', [8, 11, 11], { from: 'layer', index: 4 }],
      ['maps', 'avgpool2d', [8, 5, 5], { from: 'layer', index: 5 }],
      ['neurons', 'dense', [32], { from: 'layer', index: 8 }],
      ['neurons', 'dense', [10], { from: 'output' }],
    ]);
    expect(stages.map((s) => s.title)).toEqual([
      'Input 28×28', 'Conv 1 · 4 × 26×26', 'Max pool 1 · 4 × 13×13', 'Conv 2 · 8 × 11×11', 'Avg pool 1 · 8 × 5×5', 'Hidden 1 · 32', 'Output · 10',
    ]);
    expect(stages.map((s) => s.weightLayer)).toEqual([-1, 0, -1, 3, -1, 7, 9]);
  });

  it('reads each stage from the right place in a forward pass', () => {
    const stages = planStages(MLP, 784, 10);
    const forward = fakeForward(MLP);
    const input = new Float32Array(784).fill(0.5);
    expect(stageValues(stages[0]!, input, forward)).toBe(input);
    expect(stageValues(stages[1]!, input, forward)).toBe(forward.layers[1]!.values);
    expect(stageValues(stages[3]!, input, forward)).toBe(forward.output);
  });
});


describe('layout', () => {
  it('puts N neurons in a near-square grid', () => {
    expect(gridShape(784)).toEqual({ cols: 28, rows: 28 });
    expect(gridShape(128)).toEqual({ cols: 16, rows: 8 });
    expect(gridShape(64)).toEqual({ cols: 8, rows: 8 });
    expect(gridShape(32)).toEqual({ cols: 8, rows: 4 });
    expect(gridShape(10)).toEqual({ cols: 4, rows: 3 });
    expect(gridShape(1)).toEqual({ cols: 1, rows: 1 });
    expect(gridShape(0)).toEqual({ cols: 0, rows: 0 });
    for (const n of [3, 50, 100, 300, 1000]) {
      const { cols, rows } = gridShape(n);
      expect(cols * rows).toBeGreaterThanOrEqual(n);
      expect(cols * (rows - 1)).toBeLessThan(n);
    }
  });

  it('stands outputs in a column and makes 2D grids tall', () => {
    const stages = planStages(MLP, 784, 10);
    expect(stageGrid(stages[3]!, '3d')).toEqual({ cols: 1, rows: 10 });
    expect(stageGrid(stages[1]!, '3d')).toEqual({ cols: 16, rows: 8 });
    expect(stageGrid(stages[1]!, '2d')).toEqual({ cols: 8, rows: 16 });
  });

  it('places stages left to right, sheets in y–z for 3D and x–y for 2D, with row 0 on top', () => {
    const stages = planStages(MLP, 784, 10);
    for (const mode of ['3d', '2d'] as const) {
      const layouts = layoutStages(stages, mode);
      const xs = layouts.map((l) => l.positions[0]!);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
      // Every stage of a 3D layout is flat in x; a 2D layout is flat in z.
      const flatAxis = mode === '3d' ? 0 : 2;
      for (const layout of layouts) {
        const values = new Set<number>();
        for (let i = flatAxis; i < layout.positions.length; i += 3) values.add(layout.positions[i]!);
        expect(values.size).toBe(1);
      }
      // Neuron 0 is top-left, the last is bottom-right; spacing as declared.
      const hidden = layouts[1]!.positions;
      expect(hidden[1]!).toBeGreaterThan(hidden[127 * 3 + 1]!);
      expect(Math.abs(hidden[1 * 3 + (mode === '3d' ? 2 : 0)]! - hidden[0 + (mode === '3d' ? 2 : 0)]!)).toBeCloseTo(NEURON_SPACING);
      expect(layouts[3]!.positions[1]! - layouts[3]!.positions[4]!).toBeCloseTo(OUTPUT_SPACING);
    }
  });

  it('stacks feature maps as planes in 3D and tiles them in 2D', () => {
    const stages = planStages(CNN, 784, 10);
    const [l3, l2] = [layoutStages(stages, '3d')[1]!, layoutStages(stages, '2d')[1]!];
    expect(l3.planes!.centers.length).toBe(4 * 3);
    expect(l3.planes!.width).toBe(26);
    // 3D: one plane behind another along x, same y and z.
    const c3 = Array.from(l3.planes!.centers);
    expect(new Set([c3[0], c3[3], c3[6], c3[9]]).size).toBe(4);
    expect(new Set([c3[1], c3[4], c3[7], c3[10]]).size).toBe(1);
    // 2D: a 2×2 tile, all at z = 0.
    const c2 = Array.from(l2.planes!.centers);
    expect(new Set([c2[2], c2[5], c2[8], c2[11]])).toEqual(new Set([0]));
    expect(new Set([c2[1], c2[4], c2[7], c2[10]]).size).toBe(2);
    // Map pixel positions sit on their plane: pixel (0,0) of channel 1 is its plane's top-left.
    const p = l3.positions.subarray(26 * 26 * 3, 26 * 26 * 3 + 3);
    expect(p[0]).toBeCloseTo(c3[3]!);
    expect(p[1]).toBeCloseTo(c3[4]! + 12.5);
  });
});


describe('palette', () => {
  const rgb = (value: number, scale: number): number[] => {
    const out = [0, 0, 0];
    activationColor(value, scale, out);
    return out;
  };
  const luminance = (c: number[]): number => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;

  it('rests dark, glows brighter with |value|, and hues by sign (orange +, blue −)', () => {
    expect(rgb(0, 1)).toEqual([...REST]);
    expect(rgb(5, 0)).toEqual([...REST]);
    expect(rgb(Number.NaN, 1)).toEqual([...REST]);
    expect(rgb(0.6, 1).map((v) => +v.toFixed(3))).toEqual([...POSITIVE].map((v) => +v.toFixed(3)));
    expect(rgb(-0.6, 1).map((v) => +v.toFixed(3))).toEqual([...NEGATIVE].map((v) => +v.toFixed(3)));
    const steps = [0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => luminance(rgb(t, 1)));
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
    expect(rgb(2, 1)).toEqual(rgb(1, 1));
    // Orange is red-heavy, blue is blue-heavy: distinguishable without red–green vision.
    expect(POSITIVE[0]).toBeGreaterThan(POSITIVE[2]);
    expect(NEGATIVE[2]).toBeGreaterThan(NEGATIVE[0]);
  });

  it('draws input pixels in grey and connections by sign, opacity by strength', () => {
    const out = [0, 0, 0];
    pixelColor(1, out);
    expect(out).toEqual([1, 1, 1]);
    pixelColor(0, out);
    expect(out).toEqual([...REST]);
    expect(signColor(0.3)).toBe(POSITIVE);
    expect(signColor(-0.3)).toBe(NEGATIVE);
    expect(connectionAlpha(2, 2)).toBe(1);
    expect(connectionAlpha(-1, 2)).toBeCloseTo(MIN_CONNECTION_ALPHA + (1 - MIN_CONNECTION_ALPHA) / 2);
    expect(connectionAlpha(0, 2)).toBe(MIN_CONNECTION_ALPHA);
    expect(maxAbs([0.5, -3, 2])).toBe(3);
  });

  it('makes a symmetric heat map of weights', () => {
    const bytes = heatmapRgba([-2, 0, 2, 1]);
    expect(Array.from(bytes.subarray(4, 8))).toEqual([...REST.map((v) => Math.round(v * 255)), 255]);
    expect(bytes[0]! < bytes[2]!).toBe(true); // −2 is blue
    expect(bytes[8]! > bytes[10]!).toBe(true); // +2 is orange
    expect(bytes[3]).toBe(255);
  });
});


describe('models.json', () => {
  it('parses the shipped list and rejects bad entries', () => {
    const ok = parseModelList({ models: [{ id: 'a', name: 'A', file: 'a.safetensors', description: 'd' }, { id: 'b', name: 'B', file: 'b.safetensors' }] });
    expect(ok.map((m) => [m.id, m.description])).toEqual([['a', 'd'], ['b', '']]);
    expect(() => parseModelList({})).toThrow(/non-empty "models"/);
    expect(() => parseModelList({ models: [{ id: 'a', name: 'A' }] })).toThrow(/models\[0\]\.file/);
    expect(() => parseModelList({ models: [{ id: 'a', name: 'A', file: 'https://x.org/m.safetensors' }] })).toThrow(/plain file name/);
    expect(() => parseModelList({ models: [{ id: 'a', name: 'A', file: 'x' }, { id: 'a', name: 'B', file: 'y' }] })).toThrow(/twice/);
  });
});
