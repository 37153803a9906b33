// The hand-made 2-2-1 network that solves XOR (lessons 3–6): hidden neuron 1
// acts as OR, hidden neuron 2 as NAND, the output as AND of the two.
import type { Engine } from '../engine';
import { denseArchitecture, modelFactory, type ModelFactory } from './model';

/** Parameters as `Network.parameters()` lays them out: W1 (2×2, row-major), b1, W2 (2×1), b2. */
export const XOR_PARAMS: readonly number[] = [20, -20, 20, -20, -10, 30, 20, 20, -30];
export const PARAM_NAMES: readonly string[] = ['w₁₁', 'w₁₂', 'w₂₁', 'w₂₂', 'b₁', 'b₂', 'v₁', 'v₂', 'c'];

export function xorFactory(engine: Engine): ModelFactory {
  return modelFactory(engine, denseArchitecture(2, [2, 1], 'sigmoid'), 2, 1);
}
