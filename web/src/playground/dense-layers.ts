// The dense layers of a network, each with the activation that follows it:
// what the diagram, the decision regions and the backprop panel draw. Pure.
import type { LayerInfo } from '../engine/network';
import { isActivation, weightShape } from '../engine/structure';

/** A layer with a weight matrix, and the activation layer that follows it (if any). */
export interface DenseLayer {
  /** Index in the engine's layer list (the safetensors key `layers.<index>.weight`). */
  index: number;
  inputSize: number;
  outputSize: number;
  /** Activation after this dense layer ('linear' for none). */
  activation: string;
  /** Index of that activation layer in the engine's list, or -1 (its output is then z itself). */
  activationIndex: number;
}

/**
 * The layers with a 2-D weight (in, out) of an engine layer list, each with
 * the activation that follows it before the next weighted layer. `forward`
 * is any forward pass of the same network (forwardAll, or a trace's
 * allLayers): an activation is the layer that reports a `pre_activation`.
 */
export function denseLayers(layers: readonly LayerInfo[], forward: readonly { type: string; internals: readonly { name: string }[] }[]): DenseLayer[] {
  const out: DenseLayer[] = [];
  layers.forEach((l, index) => {
    const shape = weightShape(l);
    if (shape?.length !== 2) return;
    let activationIndex = -1;
    for (let k = index + 1; k < layers.length && weightShape(layers[k]!) === null; k++) {
      if (forward[k] !== undefined && isActivation(forward[k]!)) {
        activationIndex = k;
        break;
      }
    }
    out.push({
      index, inputSize: shape[0]!, outputSize: shape[1]!,
      activation: activationIndex < 0 ? 'linear' : forward[activationIndex]!.type, activationIndex,
    });
  });
  return out;
}
