// Reading a model's structure from what the engine names, never from layer
// type strings or offset arithmetic: a layer's tensors (name, shape, offset)
// and the internals its forward pass reports (e.g. `pre_activation`).
import type { LayerInfo, NamedTensor } from './network';

/** A layer's trainable tensor `name` ("weight", "bias"), or undefined if it has none. */
export function tensorInfo(layer: LayerInfo, name: string): LayerInfo['tensors'][number] | undefined {
  return layer.tensors.find((t) => t.name === name && !t.isState);
}

/** The shape of a layer's `weight` tensor ([in, out] for a dense layer), or null without one. */
export function weightShape(layer: LayerInfo): number[] | null {
  const t = tensorInfo(layer, 'weight');
  return t === undefined ? null : [...t.shape];
}

/** A layer with a 2-D weight maps each input to each output through one matrix (in, out). */
export function hasWeightMatrix(layer: LayerInfo): boolean {
  return weightShape(layer)?.length === 2;
}

/**
 * Tensor `name` of `layer`, cut out of a flat buffer laid out like
 * `Network.parameters()` (the trace's gradients, step, updated) at the
 * offset and shape the engine gives for it. A view, not a copy.
 */
export function tensorIn(flat: Float32Array, layer: LayerInfo, name: string): NamedTensor {
  const t = tensorInfo(layer, name);
  if (t === undefined) throw new Error(`layer ${layer.type} has no tensor "${name}"`);
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (t.offset + size > flat.length) throw new Error(`tensor "${name}" ends at ${t.offset + size}, past the buffer's ${flat.length} values`);
  return { name, shape: [...t.shape], values: flat.subarray(t.offset, t.offset + size) };
}

/** An activation layer names its input z as the internal `pre_activation`. */
export function isActivation(layer: { internals: readonly { name: string }[] }): boolean {
  return layer.internals.some((i) => i.name === 'pre_activation');
}
