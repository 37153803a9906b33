// Fake forwardAll layer lists and results for the 3D view's tests: the
// shipped MLP's shape, and a small CNN the engine cannot build yet.
import type { Contributions, ForwardResult } from '../../../web/src/engine/network';
import type { LayerShape } from '../../../web/src/view3d/stages';

export const MLP: LayerShape[] = [
  { type: 'dense', size: 128, shape: [128], weightShape: [784, 128] },
  { type: 'relu', size: 128, shape: [128], weightShape: null },
  { type: 'dense', size: 64, shape: [64], weightShape: [128, 64] },
  { type: 'relu', size: 64, shape: [64], weightShape: null },
  { type: 'dense', size: 10, shape: [10], weightShape: [64, 10] },
];

// A small CNN as forwardAll will describe it: conv → relu → pool → conv → relu → avg pool → flatten → dense → relu → dense.
export const CNN: LayerShape[] = [
  { type: 'conv2d', size: 4 * 26 * 26, shape: [4, 26, 26], weightShape: [4, 1, 3, 3] },
  { type: 'relu', size: 4 * 26 * 26, shape: [4, 26, 26], weightShape: null },
  { type: 'maxpool2d', size: 4 * 13 * 13, shape: [4, 13, 13], weightShape: null },
  { type: 'conv2d', size: 8 * 11 * 11, shape: [8, 11, 11], weightShape: [8, 4, 3, 3] },
  { type: 'relu', size: 8 * 11 * 11, shape: [8, 11, 11], weightShape: null },
  { type: 'avgpool2d', size: 8 * 5 * 5, shape: [8, 5, 5], weightShape: null },
  { type: 'flatten', size: 200, shape: [200], weightShape: null },
  { type: 'dense', size: 32, shape: [32], weightShape: [200, 32] },
  { type: 'relu', size: 32, shape: [32], weightShape: null },
  { type: 'dense', size: 10, shape: [10], weightShape: [32, 10] },
];

/** A forward result with recognisable values: layer i, value n is i + n / 1000. */
export function fakeForward(layers: LayerShape[], outputSize = 10): ForwardResult {
  return {
    output: Float32Array.from({ length: outputSize }, (_, n) => (n === 3 ? 0.9 : 0.1 / (outputSize - 1))),
    layers: layers.map(({ weightShape: _, ...l }, i) => ({ ...l, shape: [...l.shape], values: Float32Array.from({ length: l.size }, (_, n) => i + n / 1000), internals: [] })),
  };
}

export function contributions(from: number[], to: number[], value: number[]): Contributions {
  return { from: Uint32Array.from(from), to: Uint32Array.from(to), value: Float32Array.from(value) };
}
