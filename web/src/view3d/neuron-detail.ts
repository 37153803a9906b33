// What the detail panel says about one neuron, read from the engine: its
// value, its weighted input and bias, its incoming weights (laid out like the
// layer they come from), and its strongest live inputs w·a as the engine
// ranks them. No products are computed here; weights are only read and placed.
import type { ForwardResult, LayerInfo, NamedTensor, Network } from '../engine/network';
import { gridShape } from './layout';
import { hasConnections, stageValues, type Stage } from './stages';

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
  stages: readonly Stage[];
  /** Each weight layer's W and b as `network.weights` gives them, fetched on first use. */
  weights?: Map<number, { weight: NamedTensor; bias: NamedTensor }>;
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

/** Layer `layer`'s W (in, out) and b, read once per source. */
export function layerWeights(source: DetailSource, layer: number): { weight: NamedTensor; bias: NamedTensor } {
  source.weights ??= new Map();
  let w = source.weights.get(layer);
  if (w === undefined) {
    w = { weight: source.network.weights(layer, 'weight'), bias: source.network.weights(layer, 'bias') };
    source.weights.set(layer, w);
  }
  return w;
}

/** Column `j` of a row-major (in, out) weight: neuron j's incoming weights, one per input. */
export function incomingWeights(weight: NamedTensor, j: number): Float32Array {
  const [rows = 0, cols = 0] = weight.shape;
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = weight.values[i * cols + j]!;
  return out;
}

/** Only the cheap part (value, z): refreshed on every input while the panel is open. */
export function liveValues(source: DetailSource, stageIndex: number, j: number, input: Float32Array, forward: ForwardResult): { activation: number; weightedInput: number | null } {
  const stage = source.stages[stageIndex]!;
  const activation = stageValues(stage, input, forward)[j] ?? Number.NaN;
  const z = stage.weightLayer >= 0 ? forward.layers[stage.weightLayer]?.values[j] : undefined;
  return { activation, weightedInput: z ?? null };
}

/** The engine's ranking of the w·a into neuron `j` only (for the last forward pass). */
export function strongestInputs(source: DetailSource, stageIndex: number, j: number, count = STRONGEST_INPUTS): { label: string; value: number }[] {
  const stage = source.stages[stageIndex]!;
  const previous = source.stages[stageIndex - 1];
  if (!hasConnections(stage) || previous === undefined) return [];
  const top = source.network.topContributionsInto(stage.weightLayer, j, count);
  return Array.from(top.from, (from, n) => ({ label: inputName(previous, from), value: top.value[n]! }));
}

/** Everything the panel shows about neuron `j` of stage `stageIndex`. */
export function describeNeuron(source: DetailSource, stageIndex: number, j: number, input: Float32Array, forward: ForwardResult): NeuronDetail {
  const stage = source.stages[stageIndex]!;
  const previous = source.stages[stageIndex - 1];
  const own = hasConnections(stage) ? layerWeights(source, stage.weightLayer) : undefined;
  let weights: IncomingWeights | null = null;
  if (own !== undefined && previous !== undefined && previous.kind !== 'maps') {
    const inputs = own.weight.shape[0] ?? 0;
    const grid = gridShape(inputs);
    const caption = previous.kind === 'pixels'
      ? `What this neuron looks for: its ${inputs} incoming weights, one per input pixel`
      : `Its ${inputs} incoming weights, one per neuron of ${previous.title.split(' · ')[0]}, in that layer's grid`;
    weights = { values: incomingWeights(own.weight, j), cols: grid.cols, rows: grid.rows, caption };
  }
  const name = stage.isOutput ? `Output · digit ${j}` : `${stage.title.split(' · ')[0]} · neuron ${j}`;
  return {
    title: name,
    isOutput: stage.isOutput,
    ...liveValues(source, stageIndex, j, input, forward),
    bias: own === undefined ? null : own.bias.values[j] ?? null,
    weights,
    inputs: strongestInputs(source, stageIndex, j),
  };
}
