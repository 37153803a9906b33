// The 3D view's scene objects in node (three.js needs no WebGL to build
// them), with fake engine results: top-K contributions → line segments,
// instance colours and the winner, feature-map textures, and that an update
// rewrites attributes without rebuilding while dispose frees it all.
import { describe, expect, it } from 'vitest';
import type { BufferGeometry, Material, Texture } from 'three';
import { ConnectionLines, writeSegments } from '../../web/src/view3d/connections';
import { layoutStages } from '../../web/src/view3d/layout';
import { FeatureMapLayer, writeChannelTexels } from '../../web/src/view3d/map-layer';
import { NetworkView } from '../../web/src/view3d/network-view';
import { NeuronLayer, WINNER_SCALE } from '../../web/src/view3d/neuron-layer';
import { NEGATIVE, POSITIVE, WINNER, connectionAlpha, pixelColor } from '../../web/src/view3d/palette';
import { planStages } from '../../web/src/view3d/stages';
import { CNN, MLP, contributions, fakeForward } from './helpers/view3d-fixtures';

describe('connections', () => {
  it('turns the engine top-K into segments: endpoints from the layouts, colour by sign, opacity by |w·a|', () => {
    const from = new Float32Array([0, 0, 0, 1, 0, 0, 2, 0, 0]);
    const to = new Float32Array([10, 5, 0, 10, 6, 0]);
    const positions = new Float32Array(4 * 6);
    const colors = new Float32Array(4 * 8);
    const n = writeSegments(contributions([2, 0, 1], [1, 0, 1], [-0.8, 0.4, 0.2]), from, to, positions, colors, 0, 4);
    expect(n).toBe(3);
    expect(Array.from(positions.subarray(0, 6))).toEqual([2, 0, 0, 10, 6, 0]);
    expect(Array.from(positions.subarray(6, 12))).toEqual([0, 0, 0, 10, 5, 0]);
    const rgba = (s: number): number[] => Array.from(colors.subarray(s * 8, s * 8 + 4)).map((v) => +v.toFixed(4));
    expect(rgba(0)).toEqual([...NEGATIVE, 1].map((v) => +v.toFixed(4)));
    expect(rgba(1)).toEqual([...POSITIVE, connectionAlpha(0.4, 0.8)].map((v) => +v.toFixed(4)));
    expect(rgba(2)[3]!).toBeLessThan(rgba(1)[3]!);
    // Both vertices of a segment carry the same colour.
    expect(Array.from(colors.subarray(4, 8))).toEqual(Array.from(colors.subarray(0, 4)));
  });

  it('stops at capacity and skips indices outside the stages', () => {
    const from = new Float32Array(6);
    const to = new Float32Array(6);
    const positions = new Float32Array(2 * 6);
    const colors = new Float32Array(2 * 8);
    expect(writeSegments(contributions([0, 1, 0], [0, 1, 1], [1, 1, 1]), from, to, positions, colors, 0, 2)).toBe(2);
    expect(writeSegments(contributions([0, 7, 1], [0, 0, 9], [1, 1, 1]), from, to, positions, colors, 0, 2)).toBe(1);
  });

  it('draws every set in one LineSegments with a draw range', () => {
    const lines = new ConnectionLines(10);
    const a = new Float32Array([0, 0, 0, 1, 1, 1]);
    lines.update([
      { contributions: contributions([0, 1], [0, 0], [1, -1]), fromPositions: a, toPositions: a },
      { contributions: contributions([1], [1], [0.5]), fromPositions: a, toPositions: a },
    ]);
    expect(lines.count).toBe(3);
    expect(lines.object.geometry.drawRange.count).toBe(6);
    expect(lines.segment(2).from).toEqual([1, 1, 1]);
    lines.update([]);
    expect(lines.count).toBe(0);
    lines.dispose();
  });
});


describe('layers as scene objects', () => {
  it('colours one InstancedMesh per stage and highlights the winner by scale and colour', () => {
    const stage = planStages(MLP, 784, 10)[3]!;
    const layer = new NeuronLayer(stage, layoutStages([stage], '3d')[0]!, '3d');
    expect(layer.mesh.count).toBe(10);
    const probabilities = new Float32Array(10).fill(0.01);
    probabilities[7] = 0.91;
    layer.update(probabilities, 7);
    expect(layer.winner).toBe(7);
    expect(layer.instanceScale(7) / layer.instanceScale(0)).toBeCloseTo(WINNER_SCALE);
    expect(Array.from(layer.mesh.instanceColor!.array.slice(21, 24))).toEqual([...WINNER].map(Math.fround));
    layer.update(probabilities, -1);
    expect(layer.instanceScale(7)).toBeCloseTo(layer.instanceScale(0));
    layer.dispose();
  });

  it('writes feature maps upright into textures, one per channel, and input pixels in grey', () => {
    const out = new Uint8Array(2 * 3 * 4);
    // Channel 1 of a 2-channel 2×3 map: only its top-left value is set.
    const values = new Float32Array(2 * 2 * 3);
    values[6] = 1;
    writeChannelTexels(values, 1, 2, 3, 1, out);
    // Texture row 0 is the bottom: the top-left value lands in texel row 1, column 0.
    const lit = (t: number): boolean => out[t * 4]! > 200;
    expect([0, 1, 2, 3, 4, 5].filter(lit)).toEqual([3]);
    expect(out[3]).toBe(255);
    // Scale 0: input pixels, grey from REST to white.
    writeChannelTexels(Float32Array.of(1, 0.5), 0, 1, 2, 0, out);
    expect(Array.from(out.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    const grey = [0, 0, 0];
    pixelColor(0.5, grey);
    expect(Array.from(out.subarray(4, 7))).toEqual(grey.map((v) => Math.round(v * 255)));
  });
});


function collect(view: NetworkView): { geometries: Set<BufferGeometry>; materials: Set<Material>; textures: Set<Texture> } {
  const geometries = new Set<BufferGeometry>();
  const materials = new Set<Material>();
  const textures = new Set<Texture>();
  view.root.traverse((object) => {
    const o = object as { geometry?: BufferGeometry; material?: Material & { map?: Texture | null } };
    if (o.geometry) geometries.add(o.geometry);
    if (o.material) {
      materials.add(o.material);
      if (o.material.map) textures.add(o.material.map);
    }
  });
  return { geometries, materials, textures };
}


describe('NetworkView (a CNN, with fake engine data)', () => {
  const stages = planStages(CNN, 784, 10);
  const forward = fakeForward(CNN);
  const input = new Float32Array(784);
  const none = stages.map(() => null);

  it('builds textured planes for image stages and instanced meshes for the rest', () => {
    const view = new NetworkView(stages, '3d', 100);
    const kinds = view.objects.map((o) => (o instanceof FeatureMapLayer ? `maps:${o.planeCount}` : `mesh:${o.mesh.count}`));
    // The input image is one textured plane too.
    expect(kinds).toEqual(['maps:1', 'maps:4', 'maps:4', 'maps:8', 'maps:8', 'mesh:32', 'mesh:10']);
    // Only dense stages after the first are linked, so capacity = 100 × 2.
    expect(view.linkedStages).toEqual([5, 6]);
    expect(view.connections.capacity).toBe(200);
    view.dispose();
  });

  it('updates textures, colours and lines in place, without new scene objects', () => {
    const view = new NetworkView(stages, '3d', 100);
    const before = collect(view);
    const pool = view.objects[2] as FeatureMapLayer;
    const version = pool.textures[0]!.version;
    // Contributions into the dense stage come from the pooled maps (flattened index), into the output from hidden neurons.
    const frame = {
      input, forward, winner: 3,
      contributions: stages.map((_, i) => (i === 5 ? contributions([0, 199], [0, 31], [0.5, -0.25]) : i === 6 ? contributions([31], [3], [2]) : null)),
    };
    view.update(frame);
    const after = collect(view);
    expect(after.geometries).toEqual(before.geometries);
    expect(after.materials).toEqual(before.materials);
    expect(after.textures).toEqual(before.textures);
    expect(pool.textures[0]!.version).toBeGreaterThan(version);
    expect(view.connections.count).toBe(3);
    // The line from flattened index 199 starts at the last pixel of the avg-pool stage (stage 4).
    const last = view.layouts[4]!.positions.subarray(199 * 3, 199 * 3 + 3);
    expect(view.connections.segment(1).from).toEqual(Array.from(last));
    expect((view.objects[6] as NeuronLayer).winner).toBe(3);

    // A layout switch moves the same objects and re-threads the lines.
    view.setMode('2d');
    expect(collect(view).geometries).toEqual(before.geometries);
    expect(view.connections.segment(1).from).toEqual(Array.from(view.layouts[4]!.positions.subarray(199 * 3, 199 * 3 + 3)));
    view.dispose();
  });

  it('disposes every geometry, material and texture it made', () => {
    const view = new NetworkView(stages, '2d', 50);
    view.update({ input, forward, winner: -1, contributions: none });
    const { geometries, materials, textures } = collect(view);
    const disposed = new Set<unknown>();
    for (const thing of [...geometries, ...materials, ...textures]) thing.addEventListener('dispose', () => disposed.add(thing));
    view.dispose();
    expect(disposed.size).toBe(geometries.size + materials.size + textures.size);
    expect(textures.size).toBe(1 + 4 + 4 + 8 + 8);
    expect(view.root.children.length).toBe(0);
  });
});
