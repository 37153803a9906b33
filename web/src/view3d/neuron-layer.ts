// One InstancedMesh per stage of neurons (or input pixels). Built once per
// network; a stroke only rewrites instance colours, and for the output stage
// the two instance matrices of the old and new winner.
import {
  DoubleSide,
  DynamicDrawUsage,
  Euler,
  InstancedBufferAttribute,
  InstancedMesh,
  Matrix4,
  MeshBasicMaterial,
  PlaneGeometry,
  Quaternion,
  SphereGeometry,
  Vector3,
  type BufferGeometry,
} from 'three';
import type { LayoutMode, StageLayout } from './layout';
import { BRIGHTNESS_SCALE, WINNER, activationColor, brightness, pixelColor } from './palette';
import type { Stage } from './stages';

/** Neuron diameter as a fraction of the spacing between neurons. */
const NEURON_FILL = 0.7;
/** Pixel side as a fraction of the pixel spacing: a hairline gap shows the grid. */
const PIXEL_FILL = 0.92;
/** How much bigger the winning output neuron is drawn. */
export const WINNER_SCALE = 1.45;

// In 3D the pixel sheet stands in the y–z plane; a plane faces +z, so turn it to face -x (the camera side).
const FACE_3D = new Quaternion().setFromEuler(new Euler(0, -Math.PI / 2, 0));
const FACE_2D = new Quaternion();

/**
 * Few vertices for hidden neurons: they are a few pixels wide, and a software
 * rasterizer pays per vertex per instance (SwiftShader: 12×8 segments took
 * twice as long as 8×6 for 128 neurons). The ten output neurons are big, so round.
 */
function sphereFor(stage: Stage): SphereGeometry {
  return stage.isOutput ? new SphereGeometry(0.5, 16, 10) : new SphereGeometry(0.5, 8, 6);
}

export class NeuronLayer {
  readonly stage: Stage;
  readonly mesh: InstancedMesh;
  #layout: StageLayout;
  #mode: LayoutMode;
  #winner = -1;
  readonly #colors: Float32Array;
  /** How bright each instance was drawn (0 = rest, 1 = hottest); tests read it. */
  readonly brightness: Float32Array;
  readonly #matrix = new Matrix4();
  readonly #position = new Vector3();
  readonly #scale = new Vector3();

  constructor(stage: Stage, layout: StageLayout, mode: LayoutMode) {
    this.stage = stage;
    this.#layout = layout;
    this.#mode = mode;
    const geometry: BufferGeometry = stage.kind === 'pixels' ? new PlaneGeometry(1, 1) : sphereFor(stage);
    // Unlit: the colour is the value, with no shading to confuse it.
    const material = stage.kind === 'pixels' ? new MeshBasicMaterial({ side: DoubleSide }) : new MeshBasicMaterial();
    this.mesh = new InstancedMesh(geometry, material, stage.size);
    this.mesh.instanceMatrix.setUsage(DynamicDrawUsage);
    this.#colors = new Float32Array(stage.size * 3);
    this.brightness = new Float32Array(stage.size);
    this.mesh.instanceColor = new InstancedBufferAttribute(this.#colors, 3);
    this.mesh.instanceColor.setUsage(DynamicDrawUsage);
    this.mesh.name = stage.title;
    this.setLayout(layout, mode);
    this.update(new Float32Array(stage.size));
  }

  get layout(): StageLayout {
    return this.#layout;
  }

  /** The winning output neuron currently highlighted, or -1. */
  get winner(): number {
    return this.#winner;
  }

  /** Moves every instance to a new layout (a layout toggle, not a stroke). */
  setLayout(layout: StageLayout, mode: LayoutMode): void {
    this.#layout = layout;
    this.#mode = mode;
    for (let i = 0; i < this.stage.size; i++) this.#writeMatrix(i);
    this.mesh.instanceMatrix.needsUpdate = true;
    // Picking tests rays against this sphere; it must follow the instances.
    this.mesh.computeBoundingSphere();
  }

  /**
   * New values for every instance; `winner` (output stage) is drawn bigger in
   * the accent colour, -1 for none. Brightness is on a fixed scale for the
   * stage's kind (BRIGHTNESS_SCALE), so a weak response looks weak. Outputs
   * glow with their probability, but only when there is an answer (winner ≥ 0):
   * with nothing drawn the bars are empty, and so are the output neurons.
   */
  update(values: ArrayLike<number>, winner = -1): void {
    const n = Math.min(values.length, this.stage.size);
    const colors = this.#colors;
    if (this.stage.kind === 'pixels') {
      for (let i = 0; i < n; i++) {
        pixelColor(values[i]!, colors, i * 3);
        this.brightness[i] = brightness(values[i]!, BRIGHTNESS_SCALE.unit);
      }
    } else {
      const answered = !this.stage.isOutput || winner >= 0;
      const scale = !answered ? 0 : this.stage.isOutput ? BRIGHTNESS_SCALE.unit : BRIGHTNESS_SCALE.neurons;
      for (let i = 0; i < n; i++) {
        activationColor(values[i]!, scale, colors, i * 3);
        this.brightness[i] = brightness(values[i]!, scale);
      }
    }
    if (winner >= 0 && winner < n) colors.set(WINNER, winner * 3);
    this.mesh.instanceColor!.needsUpdate = true;
    if (winner !== this.#winner) {
      const previous = this.#winner;
      this.#winner = winner;
      if (previous >= 0) this.#writeMatrix(previous);
      if (winner >= 0) this.#writeMatrix(winner);
      this.mesh.instanceMatrix.needsUpdate = true;
    }
  }

  /** Instance i's scale along x (tests read the highlight from the scene itself). */
  instanceScale(i: number): number {
    this.mesh.getMatrixAt(i, this.#matrix);
    return this.#scale.setFromMatrixScale(this.#matrix).x;
  }

  /** World position of instance i (the layout has it; the group is never moved). */
  positionOf(i: number, out = new Vector3()): Vector3 {
    return out.fromArray(this.#layout.positions, i * 3);
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    (this.mesh.material as MeshBasicMaterial).dispose();
    this.mesh.dispose();
    this.mesh.removeFromParent();
  }

  #writeMatrix(i: number): void {
    const pixels = this.stage.kind === 'pixels';
    const size = this.#layout.cell * (pixels ? PIXEL_FILL : NEURON_FILL) * (i === this.#winner ? WINNER_SCALE : 1);
    this.#position.fromArray(this.#layout.positions, i * 3);
    this.#scale.set(size, size, size);
    this.#matrix.compose(this.#position, pixels && this.#mode === '3d' ? FACE_3D : FACE_2D, this.#scale);
    this.mesh.setMatrixAt(i, this.#matrix);
  }
}
