// Everything drawn for one network: a layer object per stage and the batched
// connections. Built once per model; per input it only rewrites colours,
// textures and line vertices. Renderer-free, so it is unit tested in node.
import { Group } from 'three';
import type { Contributions, ForwardResult } from '../engine/network';
import { ConnectionLines, type ConnectionSet } from './connections';
import { boundsOf, layoutStages, type Bounds, type LayoutMode, type StageLayout } from './layout';
import { FeatureMapLayer } from './map-layer';
import { NeuronLayer } from './neuron-layer';
import { SelectionHighlight } from './selection';
import { hasConnections, stageValues, type Stage } from './stages';

export type StageObject = NeuronLayer | FeatureMapLayer;

/** One input's worth of data for the view. */
export interface ViewFrame {
  input: Float32Array;
  forward: ForwardResult;
  /** Contributions into stage i (from the engine's topContributions), or null where none are shown. */
  contributions: readonly (Contributions | null)[];
  /** The output neuron to highlight (the top probability bar), or -1 when there is no answer. */
  winner: number;
}

export class NetworkView {
  readonly root = new Group();
  readonly stages: readonly Stage[];
  readonly objects: readonly StageObject[];
  readonly connections: ConnectionLines;
  /** The clicked neuron's halo and incoming lines. */
  readonly selection: SelectionHighlight;
  #layouts: StageLayout[];
  #mode: LayoutMode;
  #last: ViewFrame | null = null;
  #selectedInputs: Contributions | null = null;

  /** `maxConnectionsPerLayer` sizes the line buffers once, for the largest setting of the control. */
  constructor(stages: readonly Stage[], mode: LayoutMode, maxConnectionsPerLayer: number) {
    this.stages = stages;
    this.#mode = mode;
    this.#layouts = layoutStages(stages, mode);
    this.objects = stages.map((stage, i) => {
      const layout = this.#layouts[i]!;
      // Images (the input, feature maps) are textured planes: one draw each, however many pixels.
      return stage.shape.length === 3 ? new FeatureMapLayer(stage, layout, mode) : new NeuronLayer(stage, layout, mode);
    });
    const linked = stages.filter((stage, i) => i > 0 && hasConnections(stage)).length;
    this.connections = new ConnectionLines(maxConnectionsPerLayer * linked);
    this.root.add(this.connections.object);
    for (const object of this.objects) this.root.add(object instanceof NeuronLayer ? object.mesh : object.group);
    this.selection = new SelectionHighlight(this.root);
    this.root.name = 'network';
  }

  get mode(): LayoutMode {
    return this.#mode;
  }

  get layouts(): readonly StageLayout[] {
    return this.#layouts;
  }

  /** Index of the output stage, or -1 if this network's last stage is not an answer. */
  get outputStage(): number {
    return this.stages.findIndex((stage) => stage.isOutput);
  }

  /** Stages whose connections the engine can rank (dense layers after the first stage). */
  get linkedStages(): number[] {
    return this.stages.flatMap((stage, i) => (i > 0 && hasConnections(stage) ? [i] : []));
  }

  /** Shows one input: colours, textures and connections. Never allocates scene objects. */
  update(frame: ViewFrame): void {
    this.#last = frame;
    this.objects.forEach((object, i) => {
      const values = stageValues(this.stages[i]!, frame.input, frame.forward);
      if (object instanceof NeuronLayer) object.update(values, this.stages[i]!.isOutput ? frame.winner : -1);
      else object.update(values);
    });
    this.#writeConnections(frame);
  }

  /**
   * Highlights neuron `index` of `stage` (a stage of neurons) and its incoming
   * contributions as the engine ranked them (null where the stage has none).
   */
  select(stage: number, index: number, incoming: Contributions | null): void {
    const object = this.objects[stage];
    if (!(object instanceof NeuronLayer)) return;
    const from = stage > 0 ? this.#layouts[stage - 1]!.positions : null;
    const layout = this.#layouts[stage]!;
    this.selection.show(stage, index, object.positionOf(index), layout.cell, incoming, from, layout.positions);
    this.connections.setDimmed(true);
    this.#selectedInputs = incoming;
  }

  /** New incoming contributions for the selected neuron (after a new input). */
  setSelectedInputs(incoming: Contributions | null): void {
    const target = this.selection.target;
    if (target === null) return;
    this.select(target.stage, target.index, incoming);
  }

  clearSelection(): void {
    this.selection.clear();
    this.connections.setDimmed(false);
    this.#selectedInputs = null;
  }

  /** Switches between the 3D and flat layouts, keeping the current values. */
  setMode(mode: LayoutMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.#layouts = layoutStages(this.stages, mode);
    this.objects.forEach((object, i) => object.setLayout(this.#layouts[i]!, mode));
    if (this.#last !== null) this.#writeConnections(this.#last);
    const target = this.selection.target;
    if (target !== null) this.select(target.stage, target.index, this.#selectedInputs);
  }

  bounds(): Bounds {
    return boundsOf(this.#layouts);
  }

  dispose(): void {
    for (const object of this.objects) object.dispose();
    this.connections.dispose();
    this.selection.dispose();
    this.root.clear();
    this.root.removeFromParent();
    this.#last = null;
  }

  #writeConnections(frame: ViewFrame): void {
    const sets: ConnectionSet[] = [];
    this.stages.forEach((_, i) => {
      const contributions = frame.contributions[i];
      if (i === 0 || contributions === null || contributions === undefined) return;
      sets.push({ contributions, fromPositions: this.#layouts[i - 1]!.positions, toPositions: this.#layouts[i]!.positions });
    });
    this.connections.update(sets);
  }
}
