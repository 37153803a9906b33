// Layer-kind dispatch: turns the engine's list of layers (what forwardAll
// returns) into the "stages" the view draws. A stage is one thing on screen:
// the input pixels, a grid of neurons, or a stack of feature maps. Layers that
// only transform values in place (activations, dropout) fold into the stage
// before them, so a neuron glows with its value after its activation.

/** What the view needs from each forwardAll layer (values are not needed to plan). */
export interface LayerShape {
  type: string;
  size: number;
  /** [n] for flat layers, [channels, height, width] for image layers. */
  shape: readonly number[];
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
  /** That layer's type ("dense", "conv2d", …), or "input". */
  type: string;
  /** True for the final stage when its values are the network's output (class probabilities). */
  isOutput: boolean;
}

/** Image layers render as textured planes, one per channel. */
export const IMAGE_LAYER_TYPES: ReadonlySet<string> = new Set(['conv2d', 'maxpool2d', 'avgpool2d']);
/** Layers with weights: they start a new stage and their connections can be shown. */
const WEIGHTED_TYPES: ReadonlySet<string> = new Set(['dense', 'conv2d']);
/** Layers that only reorder or pass values through: nothing new to draw. */
const PASS_THROUGH_TYPES: ReadonlySet<string> = new Set(['flatten', 'reshape', 'dropout']);

const IMAGE_TITLES: Record<string, string> = { conv2d: 'Conv', maxpool2d: 'Max pool', avgpool2d: 'Avg pool' };

function isImage(layer: LayerShape): boolean {
  return IMAGE_LAYER_TYPES.has(layer.type) && layer.shape.length === 3;
}

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
    if (PASS_THROUGH_TYPES.has(layer.type)) return;
    const startsStage = WEIGHTED_TYPES.has(layer.type) || isImage(layer) || current.kind === 'pixels' || layer.size !== current.size;
    if (!startsStage) {
      // An activation (or any same-size layer) after a stage: show its values instead.
      current.source = { from: 'layer', index };
      return;
    }
    if (isImage(layer)) {
      const [channels = 0, height = 0, width = 0] = layer.shape;
      stages.push({
        kind: 'maps',
        title: `${numbered(IMAGE_TITLES[layer.type] ?? layer.type)} · ${channels} × ${height}×${width}`,
        size: layer.size,
        shape: [channels, height, width],
        source: { from: 'layer', index },
        weightLayer: WEIGHTED_TYPES.has(layer.type) ? index : -1,
        type: layer.type,
        isOutput: false,
      });
      return;
    }
    stages.push({
      kind: 'neurons',
      title: `${numbered(layer.type === 'dense' ? 'Hidden' : layer.type)} · ${layer.size}`,
      size: layer.size,
      shape: [layer.size],
      source: { from: 'layer', index },
      weightLayer: WEIGHTED_TYPES.has(layer.type) ? index : -1,
      type: layer.type,
      isOutput: false,
    });
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

/** Whether the engine can rank this stage's incoming contributions (dense layers only, for now). */
export function hasConnections(stage: Stage): boolean {
  return stage.type === 'dense' && stage.weightLayer >= 0;
}
