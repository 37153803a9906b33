// Turns the engine's list of layers (forwardAll's shapes plus each layer's
// weight tensor) into the "stages" the view draws. A stage is one thing on
// screen: the input pixels, a grid of neurons, or a stack of feature maps.
// The plan reads shapes and tensors, not type names (those only label):
// - a layer with a weight tensor starts a stage;
// - a layer that keeps its input's shape (an activation, dropout) folds into
//   the stage before it, so a neuron glows with its value after activation;
// - a layer that only reshapes (same size, new shape: flatten) adds nothing;
// - any other layer (pooling) starts a stage of its own.
import type { LayerInfo } from '../engine/network';
import { weightShape } from '../engine/structure';

/** What the view needs from each layer (values are not needed to plan). */
export interface LayerShape {
  /** Only for captions. */
  type: string;
  size: number;
  /** [n] for flat layers, [channels, height, width] for image layers. */
  shape: readonly number[];
  /** The layer's `weight` tensor shape ([in, out] dense, 4-D conv), or null without weights. */
  weightShape: readonly number[] | null;
}

/** forwardAll's layers with the weight shape from `Network.layers()`'s tensor lists. */
export function layerShapes(forward: readonly { type: string; size: number; shape: readonly number[] }[], infos: readonly LayerInfo[]): LayerShape[] {
  return forward.map((l, i) => {
    const info = infos[i];
    return { type: l.type, size: l.size, shape: [...l.shape], weightShape: info === undefined ? null : weightShape(info) };
  });
}

export type StageKind = 'pixels' | 'neurons' | 'maps';

/** Where a stage's values come from in a forward pass. */
export type StageSource = { from: 'input' } | { from: 'output' } | { from: 'layer'; index: number };

export interface Stage {
  kind: StageKind;
  /** Short caption, e.g. "Input 28×28", "Hidden 1 · 128", "Conv 1 · 8 maps". */
  title: string;
  /** Number of values (neurons, pixels, or channels × height × width). */
  size: number;
  /** [n] for neurons, [channels, height, width] for maps and for an image input. */
  shape: number[];
  source: StageSource;
  /** The engine layer whose weights feed this stage (dense or conv), or -1. */
  weightLayer: number;
  /** Its weight tensor's shape ([in, out] for a matrix), empty without one. */
  weightShape: number[];
  /** The type of the layer that starts the stage ("dense", "conv2d", …), or "input": a caption only. */
  type: string;
  /** True for the final stage when its values are the network's output (class probabilities). */
  isOutput: boolean;
}

/** Captions for image layers; any other type is shown by its engine name. */
const IMAGE_TITLES: Record<string, string> = { conv2d: 'Conv', maxpool2d: 'Max pool', avgpool2d: 'Avg pool' };

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Plans the stages for a network whose input has `inputSize` values and whose
 * output (probabilities) has `outputSize`. `inputShape` may give the input as
 * [channels, height, width]; otherwise a square input is shown as a square.
 */
export function planStages(layers: readonly LayerShape[], inputSize: number, outputSize: number, inputShape?: readonly number[]): Stage[] {
  const side = Math.round(Math.sqrt(inputSize));
  const square = side * side === inputSize;
  const stages: Stage[] = [{
    kind: 'pixels',
    title: inputShape?.length === 3 ? `Input ${inputShape[1]}×${inputShape[2]}` : square ? `Input ${side}×${side}` : `Input · ${inputSize}`,
    size: inputSize,
    // An image input is drawn like a one-channel map: one textured plane.
    shape: inputShape?.length === 3 ? [...inputShape] : square ? [1, side, side] : [inputSize],
    source: { from: 'input' },
    weightLayer: -1,
    weightShape: [],
    type: 'input',
    isOutput: false,
  }];
  const counts = new Map<string, number>();
  const numbered = (prefix: string): string => {
    const n = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, n);
    return `${prefix} ${n}`;
  };

  layers.forEach((layer, index) => {
    const current = stages[stages.length - 1]!;
    const weighted = layer.weightShape !== null;
    if (!weighted && current.kind !== 'pixels') {
      // Same shape: an activation or dropout; show its values in the stage instead.
      if (sameShape(layer.shape, current.shape)) {
        current.source = { from: 'layer', index };
        return;
      }
      // Same values in a new shape (flatten): nothing new to draw.
      if (layer.size === current.size) return;
    }
    const base = {
      size: layer.size,
      source: { from: 'layer', index } as StageSource,
      weightLayer: weighted ? index : -1,
      weightShape: weighted ? [...layer.weightShape!] : [],
      type: layer.type,
      isOutput: false,
    };
    if (layer.shape.length === 3) {
      const [channels = 0, height = 0, width = 0] = layer.shape;
      stages.push({ ...base, kind: 'maps', title: `${numbered(IMAGE_TITLES[layer.type] ?? layer.type)} · ${channels} × ${height}×${width}`, shape: [channels, height, width] });
      return;
    }
    stages.push({ ...base, kind: 'neurons', title: `${numbered(layer.weightShape?.length === 2 ? 'Hidden' : layer.type)} · ${layer.size}`, shape: [layer.size] });
  });

  // The last neuron stage shows the network's answer (softmax), like the bars.
  const last = stages[stages.length - 1]!;
  if (stages.length > 1 && last.kind === 'neurons' && last.size === outputSize) {
    last.isOutput = true;
    last.source = { from: 'output' };
    last.title = `Output · ${outputSize}`;
  }
  return stages;
}

/** The values a stage shows for one forward pass. */
export function stageValues(stage: Stage, input: Float32Array, forward: { output: Float32Array; layers: readonly { values: Float32Array }[] }): Float32Array {
  const source = stage.source;
  if (source.from === 'input') return input;
  if (source.from === 'output') return forward.output;
  const layer = forward.layers[source.index];
  if (layer === undefined) throw new Error(`view: the forward pass has no layer ${source.index}`);
  return layer.values;
}

/** Whether the engine can rank this stage's incoming contributions w·a: its weight is one (in, out) matrix. */
export function hasConnections(stage: Stage): boolean {
  return stage.weightLayer >= 0 && stage.weightShape.length === 2;
}
