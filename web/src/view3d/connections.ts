// The strongest live contributions w·a between stages, as one batched
// LineSegments. The engine ranks them (topContributions); this file only turns
// its answer into vertices: sign → colour, |w·a| → opacity. Buffers are sized
// once per network, so a stroke rewrites numbers and never allocates.
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, LineBasicMaterial, LineSegments } from 'three';
import type { Contributions } from '../engine/network';
import { connectionAlpha, signColor } from './palette';

/**
 * Writes `contributions` as line segments from `fromPositions[from]` to
 * `toPositions[to]`, starting at segment `first`. Opacity is relative to the
 * strongest contribution in the set (the engine returns it first, but the
 * maximum is taken so any order works). Returns the number of segments written.
 */
export function writeSegments(
  contributions: Contributions,
  fromPositions: Float32Array,
  toPositions: Float32Array,
  positions: Float32Array,
  colors: Float32Array,
  first: number,
  capacity: number,
): number {
  const count = Math.min(contributions.value.length, Math.max(0, capacity - first));
  let strongest = 0;
  for (let n = 0; n < count; n++) strongest = Math.max(strongest, Math.abs(contributions.value[n]!));
  let written = 0;
  for (let n = 0; n < count; n++) {
    const from = contributions.from[n]! * 3;
    const to = contributions.to[n]! * 3;
    // An index outside the stage would mean a plan/engine mismatch: skip, never draw garbage.
    if (from + 2 >= fromPositions.length || to + 2 >= toPositions.length) continue;
    const value = contributions.value[n]!;
    const [r, g, b] = signColor(value);
    const alpha = connectionAlpha(value, strongest);
    const p = (first + written) * 6;
    const c = (first + written) * 8;
    positions[p] = fromPositions[from]!;
    positions[p + 1] = fromPositions[from + 1]!;
    positions[p + 2] = fromPositions[from + 2]!;
    positions[p + 3] = toPositions[to]!;
    positions[p + 4] = toPositions[to + 1]!;
    positions[p + 5] = toPositions[to + 2]!;
    for (const o of [c, c + 4]) {
      colors[o] = r;
      colors[o + 1] = g;
      colors[o + 2] = b;
      colors[o + 3] = alpha;
    }
    written++;
  }
  return written;
}

/** Opacity of the layer-wide lines while a neuron is selected. */
const DIMMED_OPACITY = 0.3;

/** One link between two stages' layouts: which positions a set of contributions joins. */
export interface ConnectionSet {
  contributions: Contributions;
  fromPositions: Float32Array;
  toPositions: Float32Array;
}

/** All connections of a network in one draw call. */
export class ConnectionLines {
  readonly object: LineSegments;
  readonly capacity: number;
  readonly #geometry: BufferGeometry;
  readonly #material: LineBasicMaterial;
  readonly #positions: BufferAttribute;
  readonly #colors: BufferAttribute;
  #count = 0;

  /**
   * `capacity`: the most segments ever shown (connections per layer × linked
   * stages). `opaque` draws every line at full opacity (a highlight).
   */
  constructor(capacity: number, { opaque = false } = {}) {
    this.capacity = capacity;
    this.#geometry = new BufferGeometry();
    this.#positions = new BufferAttribute(new Float32Array(Math.max(1, capacity) * 6), 3);
    this.#colors = new BufferAttribute(new Float32Array(Math.max(1, capacity) * 8), 4);
    // Rewritten on every stroke.
    this.#positions.setUsage(DynamicDrawUsage);
    this.#colors.setUsage(DynamicDrawUsage);
    this.#geometry.setAttribute('position', this.#positions);
    this.#geometry.setAttribute('color', this.#colors);
    this.#geometry.setDrawRange(0, 0);
    // RGBA vertex colours carry the opacity; no depth writes so faint lines never hide neurons.
    this.#material = new LineBasicMaterial({ vertexColors: true, transparent: !opaque, depthWrite: false });
    this.object = new LineSegments(this.#geometry, this.#material);
    this.object.frustumCulled = false; // endpoints move every stroke; a stale bounding sphere would cull them
    this.object.renderOrder = -1;
  }

  get count(): number {
    return this.#count;
  }

  /** Replaces the drawn segments with `sets`; capped at capacity. */
  update(sets: readonly ConnectionSet[]): void {
    let count = 0;
    const positions = this.#positions.array as Float32Array;
    const colors = this.#colors.array as Float32Array;
    for (const set of sets) {
      count += writeSegments(set.contributions, set.fromPositions, set.toPositions, positions, colors, count, this.capacity);
    }
    this.#count = count;
    this.#geometry.setDrawRange(0, count * 2);
    // Upload only what is drawn.
    this.#positions.clearUpdateRanges();
    this.#colors.clearUpdateRanges();
    this.#positions.addUpdateRange(0, count * 6);
    this.#colors.addUpdateRange(0, count * 8);
    this.#positions.needsUpdate = true;
    this.#colors.needsUpdate = true;
  }

  /** Fades every line back (while one neuron's own lines are highlighted), or restores them. */
  setDimmed(dimmed: boolean): void {
    this.#material.opacity = dimmed ? DIMMED_OPACITY : 1;
  }

  /** Segment n's endpoints and RGBA (for tests and the detail panel). */
  segment(n: number): { from: number[]; to: number[]; rgba: number[] } {
    const p = this.#positions.array;
    const c = this.#colors.array;
    return {
      from: [p[n * 6]!, p[n * 6 + 1]!, p[n * 6 + 2]!],
      to: [p[n * 6 + 3]!, p[n * 6 + 4]!, p[n * 6 + 5]!],
      rgba: [c[n * 8]!, c[n * 8 + 1]!, c[n * 8 + 2]!, c[n * 8 + 3]!],
    };
  }

  dispose(): void {
    this.#geometry.dispose();
    this.#material.dispose();
  }
}
