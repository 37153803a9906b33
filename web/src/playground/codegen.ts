// Generated PyTorch and Keras code that builds the same MLP and loads the
// exported .safetensors. Our dense weights are `layers.<i>.weight` with shape
// (in, out) (y = x·W + b): PyTorch's Linear stores (out, in), so it transposes;
// Keras Dense stores (in, out), so it does not. Pure.
import type { LayerInfo } from '../engine/network';
import { isActivation, weightShape } from '../engine/structure';

export interface ExportedLayer {
  /** Index in the engine's layer list (the safetensors key `layers.<index>.weight`). */
  index: number;
  inputSize: number;
  outputSize: number;
  /** Activation after this dense layer ('linear' for none). */
  activation: string;
}

export interface ExportSpec {
  layers: ExportedLayer[];
  loss: string;
  file: string;
}

const TORCH_ACT: Record<string, string> = {
  relu: 'nn.ReLU()', leaky_relu: 'nn.LeakyReLU(0.01)', elu: 'nn.ELU()', sigmoid: 'nn.Sigmoid()', tanh: 'nn.Tanh()',
  gelu: "nn.GELU(approximate='tanh')", gelu_erf: 'nn.GELU()', swish: 'nn.SiLU()', softplus: 'nn.Softplus()', softmax: 'nn.Softmax(dim=-1)',
};
// Python expressions. Keras's defaults differ from ours for two: leaky_relu's
// slope (0.2 there, 0.01 here) and gelu (exact there, tanh approximation here).
const KERAS_ACT: Record<string, string> = {
  relu: "'relu'", leaky_relu: 'lambda x: keras.activations.leaky_relu(x, negative_slope=0.01)', elu: "'elu'",
  sigmoid: "'sigmoid'", tanh: "'tanh'", gelu: 'lambda x: keras.activations.gelu(x, approximate=True)', gelu_erf: "'gelu'",
  swish: "'swish'", softplus: "'softplus'", softmax: "'softmax'", linear: "'linear'",
};

/**
 * The output's activation: cross-entropy models end with the last dense layer
 * and the loss applies softmax or sigmoid (as the engine's predict does);
 * MSE and Huber models end with an activation layer of their own.
 */
function activationAfter(l: ExportedLayer, last: boolean, loss: string): string {
  if (last && loss === 'softmax_cross_entropy') return 'softmax';
  if (last && loss === 'binary_cross_entropy') return 'sigmoid';
  return l.activation;
}

export function pytorchSnippet(spec: ExportSpec): string {
  const lines: string[] = [
    'import torch',
    'from torch import nn',
    'from safetensors.torch import load_file',
    '',
    'model = nn.Sequential(',
  ];
  spec.layers.forEach((l, i) => {
    lines.push(`    nn.Linear(${l.inputSize}, ${l.outputSize}),`);
    const act = activationAfter(l, i === spec.layers.length - 1, spec.loss);
    const mod = TORCH_ACT[act];
    if (mod !== undefined) lines.push(`    ${mod},`);
  });
  lines.push(')', '', `tensors = load_file('${spec.file}')`, 'linears = [m for m in model if isinstance(m, nn.Linear)]', 'with torch.no_grad():');
  spec.layers.forEach((l, i) => {
    lines.push(`    linears[${i}].weight.copy_(tensors['layers.${l.index}.weight'].T)  # ours is (in, out) = (${l.inputSize}, ${l.outputSize})`);
    lines.push(`    linears[${i}].bias.copy_(tensors['layers.${l.index}.bias'])`);
  });
  lines.push('', `print(model(torch.zeros(1, ${spec.layers[0]?.inputSize ?? 0})))`);
  return lines.join('\n');
}

export function kerasSnippet(spec: ExportSpec): string {
  const lines: string[] = [
    'import keras',
    'from safetensors.numpy import load_file',
    '',
    'model = keras.Sequential([',
    `    keras.Input(shape=(${spec.layers[0]?.inputSize ?? 0},)),`,
  ];
  spec.layers.forEach((l, i) => {
    const act = activationAfter(l, i === spec.layers.length - 1, spec.loss);
    lines.push(`    keras.layers.Dense(${l.outputSize}, activation=${KERAS_ACT[act] ?? "'linear'"}),`);
  });
  lines.push('])', '', `tensors = load_file('${spec.file}')`, 'dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]');
  spec.layers.forEach((l, i) => {
    lines.push(`dense[${i}].set_weights([tensors['layers.${l.index}.weight'], tensors['layers.${l.index}.bias']])  # (${l.inputSize}, ${l.outputSize}), no transpose`);
  });
  return lines.join('\n');
}

/** A layer with a weight matrix, and the activation layer that follows it (if any). */
export interface DenseLayer extends ExportedLayer {
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
