// The hand-made 2-2-1 network that solves XOR (lessons 3–6): hidden neuron 1
// acts as OR, hidden neuron 2 as NAND, the output as AND of the two.
import type { Engine } from '../engine';
import { denseArchitecture, modelFactory, type ModelFactory, type NamedParameters } from './model';

/** One parameter a slider moves: its name on screen and where it sits (tensor, index in it). */
export interface XorParameter {
  name: string;
  tensor: string;
  index: number;
  value: number;
}

/** Layer 0 is the hidden dense layer (W is inputs × neurons), layer 2 the output one. */
export const XOR_PARAMETERS: readonly XorParameter[] = [
  { name: 'w₁₁', tensor: '0.weight', index: 0, value: 20 },
  { name: 'w₁₂', tensor: '0.weight', index: 1, value: -20 },
  { name: 'w₂₁', tensor: '0.weight', index: 2, value: 20 },
  { name: 'w₂₂', tensor: '0.weight', index: 3, value: -20 },
  { name: 'b₁', tensor: '0.bias', index: 0, value: -10 },
  { name: 'b₂', tensor: '0.bias', index: 1, value: 30 },
  { name: 'v₁', tensor: '2.weight', index: 0, value: 20 },
  { name: 'v₂', tensor: '2.weight', index: 1, value: 20 },
  { name: 'c', tensor: '2.bias', index: 0, value: -30 },
];

/** The named tensors for `values` (one per XOR_PARAMETERS entry; the hand-made ones by default). */
export function xorParams(values: readonly number[] = XOR_PARAMETERS.map((p) => p.value)): NamedParameters {
  const named: Record<string, number[]> = {};
  XOR_PARAMETERS.forEach((p, i) => {
    (named[p.tensor] ??= [])[p.index] = values[i]!;
  });
  return named;
}

/** The hand-made values with parameter `name` changed to `value`. */
export function xorParamsWith(name: string, value: number): NamedParameters {
  return xorParams(XOR_PARAMETERS.map((p) => (p.name === name ? value : p.value)));
}

export function xorFactory(engine: Engine): ModelFactory {
  return modelFactory(engine, denseArchitecture(2, [2, 1], 'sigmoid'));
}
