// The clicked neuron, marked in the scene: a halo around it and its strongest
// incoming connections w·a drawn opaque (the engine ranks them,
// topContributionsInto), while the layer-wide lines fade back.
import { BackSide, Mesh, MeshBasicMaterial, SphereGeometry, Vector3, type Group } from 'three';
import type { Contributions } from '../engine/network';
import { ConnectionLines } from './connections';
import { WINNER } from './palette';

/** How many incoming connections of the clicked neuron to draw. */
export const SELECTED_INPUTS = 32;
/** Halo diameter relative to the layout cell (a neuron is 0.7 of it, the winner 1.45 × that). */
const HALO = 1.25;

export class SelectionHighlight {
  readonly halo: Mesh;
  readonly incoming = new ConnectionLines(SELECTED_INPUTS, { opaque: true });
  readonly #material = new MeshBasicMaterial({ color: 0xffffff, side: BackSide });
  #target: { stage: number; index: number } | null = null;

  constructor(parent: Group) {
    this.#material.color.setRGB(...WINNER);
    // Back faces of a bigger sphere: a ring around the neuron from every angle, never hiding it.
    this.halo = new Mesh(new SphereGeometry(0.5, 16, 10), this.#material);
    this.halo.name = 'selected neuron';
    this.halo.visible = false;
    this.incoming.object.renderOrder = 1;
    parent.add(this.halo, this.incoming.object);
  }

  get target(): { stage: number; index: number } | null {
    return this.#target;
  }

  /** Marks neuron `index` of `stage` at `position` (cell: the layout's spacing) and its incoming lines. */
  show(stage: number, index: number, position: Vector3, cell: number, incoming: Contributions | null, fromPositions: Float32Array | null, toPositions: Float32Array): void {
    this.#target = { stage, index };
    this.halo.position.copy(position);
    this.halo.scale.setScalar(cell * HALO);
    this.halo.visible = true;
    this.setIncoming(incoming, fromPositions, toPositions);
  }

  setIncoming(incoming: Contributions | null, fromPositions: Float32Array | null, toPositions: Float32Array): void {
    this.incoming.update(incoming === null || fromPositions === null ? [] : [{ contributions: incoming, fromPositions, toPositions }]);
  }

  clear(): void {
    this.#target = null;
    this.halo.visible = false;
    this.incoming.update([]);
  }

  dispose(): void {
    this.halo.geometry.dispose();
    this.#material.dispose();
    this.incoming.dispose();
    this.halo.removeFromParent();
    this.incoming.object.removeFromParent();
  }
}
