// What the detail panel says about one neuron, read from the engine: its
// value, its weighted input and bias, its incoming weights (laid out like the
// layer they come from), and its strongest live inputs w·a as the engine
// ranks them. No products are computed here; weights are only read and placed.
import type { ForwardResult, LayerInfo, Network } from '../engine/network';
import { gridShape } from './layout';
import { stageValues, type Stage } from './stages';

export interface IncomingWeights {
  /** One weight per input, in the input's order. */
  values: Float32Array;
  cols: number;
  rows: number;
  caption: string;
}

export interface NeuronDetail {
  title: string;
  /** Output neurons show a probability. */
  isOutput: boolean;
  /** The value the neuron glows with (after its activation; a probability for outputs). */
  activation: number;
  /** Its weighted input z = w·a + b, as the engine computed it. */
  weightedInput: number | null;
  bias: number | null;
  weights: IncomingWeights | null;
  /** The strongest contributions into this neuron right now, largest |w·a| first. */
  inputs: { label: string; value: number }[];
}

export interface DetailSource {
  network: Network;
  layers: readonly LayerInfo[];
  parameters: Float32Array;
  stages: readonly Stage[];
}

export const STRONGEST_INPUTS = 6;

/** Names input `i` of the stage before a neuron, e.g. "pixel (14, 9)" or "Hidden 1 · neuron 37". */
export function inputName(stage: Stage, i: number): string {
  if (stage.kind === 'pixels') {
    const { cols } = gridShape(stage.size);
    return cols * cols === stage.size ? `pixel (${i % cols}, ${Math.floor(i / cols)})` : `input ${i}`;
  }
  if (stage.kind === 'maps') {
    const [, height = 1, width = 1] = stage.shape;
    const c = Math.floor(i / (height * width));
    const r = i % (height * width);
    return `${stage.title.split(' · ')[0]} map ${c} at (${r % width}, ${Math.floor(r / width)})`;
  }
  return `${stage.title.split(' · ')[0]} · neuron ${i}`;
}

/** Incoming weights of neuron `j` of dense layer `info` (W is in × out, row-major, at parameterOffset). */
export function incomingWeights(parameters: Float32Array, info: LayerInfo, j: number): Float32Array {
  const out = new Float32Array(info.inputSize);
  for (let i = 0; i < info.inputSize; i++) out[i] = parameters[info.parameterOffset + i * info.outputSize + j]!;
  return out;
}

/** The bias of neuron `j`: it follows W in the layer's parameters. */
export function biasOf(parameters: Float32Array, info: LayerInfo, j: number): number {
  return parameters[info.parameterOffset + info.inputSize * info.outputSize + j]!;
}

/** Only the cheap part (value, z): refreshed on every input while the panel is open. */
export function liveValues(source: DetailSource, stageIndex: number, j: number, input: Float32Array, forward: ForwardResult): { activation: number; weightedInput: number | null } {
  const stage = source.stages[stageIndex]!;
  const activation = stageValues(stage, input, forward)[j] ?? Number.NaN;
  const z = stage.weightLayer >= 0 ? forward.layers[stage.weightLayer]?.values[j] : undefined;
  return { activation, weightedInput: z ?? null };
}

/** The engine's ranking of every w·a into the layer, filtered to neuron `j` (for the last forward pass). */
export function strongestInputs(source: DetailSource, stageIndex: number, j: number, count = STRONGEST_INPUTS): { label: string; value: number }[] {
  const stage = source.stages[stageIndex]!;
  const info = source.layers[stage.weightLayer];
  const previous = source.stages[stageIndex - 1];
  if (stage.type !== 'dense' || info === undefined || previous === undefined) return [];
  const all = source.network.topContributions(stage.weightLayer, info.inputSize * info.outputSize);
  const inputs: { label: string; value: number }[] = [];
  for (let n = 0; n < all.to.length && inputs.length < count; n++) {
    if (all.to[n] === j) inputs.push({ label: inputName(previous, all.from[n]!), value: all.value[n]! });
  }
  return inputs;
}

/** Everything the panel shows about neuron `j` of stage `stageIndex`. */
export function describeNeuron(source: DetailSource, stageIndex: number, j: number, input: Float32Array, forward: ForwardResult): NeuronDetail {
  const stage = source.stages[stageIndex]!;
  const previous = source.stages[stageIndex - 1];
  const info = stage.type === 'dense' ? source.layers[stage.weightLayer] : undefined;
  let weights: IncomingWeights | null = null;
  if (info !== undefined && previous !== undefined && previous.kind !== 'maps') {
    const grid = gridShape(info.inputSize);
    const caption = previous.kind === 'pixels'
      ? `What this neuron looks for: its ${info.inputSize} incoming weights, one per input pixel`
      : `Its ${info.inputSize} incoming weights, one per neuron of ${previous.title.split(' · ')[0]}, in that layer's grid`;
    weights = { values: incomingWeights(source.parameters, info, j), cols: grid.cols, rows: grid.rows, caption };
  }
  const name = stage.isOutput ? `Output · digit ${j}` : `${stage.title.split(' · ')[0]} · neuron ${j}`;
  return {
    title: name,
    isOutput: stage.isOutput,
    ...liveValues(source, stageIndex, j, input, forward),
    bias: info === undefined ? null : biasOf(source.parameters, info, j),
    weights,
    inputs: strongestInputs(source, stageIndex, j),
  };
}
