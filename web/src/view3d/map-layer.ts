// An image stage ([channels, height, width]: a conv or pooling output, or the
// input image) as a stack of textured planes, one per channel. Each plane's
// DataTexture is rewritten in place on a stroke; the planes share a geometry.
// One draw per plane instead of one instance per pixel: on a software
// rasterizer 784 instanced quads cost more than the rest of the scene.
import {
  DataTexture,
  DoubleSide,
  Euler,
  Group,
  Mesh,
  MeshBasicMaterial,
  NearestFilter,
  PlaneGeometry,
  RGBAFormat,
  UnsignedByteType,
} from 'three';
import type { LayoutMode, StageLayout } from './layout';
import { BRIGHTNESS_SCALE, activationColor, pixelColor } from './palette';
import type { Stage } from './stages';

/**
 * Writes channel `channel` of CHW `values` into RGBA texels. Texture row 0 is
 * the bottom of a plane, so image row y goes to texel row height-1-y and the
 * map reads upright. `scale` 0 means input pixels: grey, already in [0, 1].
 */
export function writeChannelTexels(values: ArrayLike<number>, channel: number, height: number, width: number, scale: number, out: Uint8Array): void {
  const rgb = [0, 0, 0];
  const base = channel * height * width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[base + y * width + x]!;
      if (scale === 0) pixelColor(v, rgb);
      else activationColor(v, scale, rgb);
      const t = ((height - 1 - y) * width + x) * 4;
      out[t] = Math.round(rgb[0]! * 255);
      out[t + 1] = Math.round(rgb[1]! * 255);
      out[t + 2] = Math.round(rgb[2]! * 255);
      out[t + 3] = 255;
    }
  }
}

export class FeatureMapLayer {
  readonly stage: Stage;
  readonly group = new Group();
  readonly textures: DataTexture[] = [];
  readonly #planes: Mesh[] = [];
  readonly #materials: MeshBasicMaterial[] = [];
  readonly #geometry: PlaneGeometry;
  #layout: StageLayout;

  constructor(stage: Stage, layout: StageLayout, mode: LayoutMode) {
    if (stage.shape.length !== 3) throw new Error(`view: ${stage.title} is not an image stage`);
    this.stage = stage;
    this.#layout = layout;
    const [channels = 0, height = 0, width = 0] = stage.shape;
    // A unit square, scaled to the layout's plane size (which differs between 3D and 2D).
    this.#geometry = new PlaneGeometry(1, 1);
    for (let c = 0; c < channels; c++) {
      const texture = new DataTexture(new Uint8Array(width * height * 4), width, height, RGBAFormat, UnsignedByteType);
      // Nearest: each texel is one activation; blurring them would invent values.
      texture.magFilter = NearestFilter;
      texture.minFilter = NearestFilter;
      texture.generateMipmaps = false;
      const material = new MeshBasicMaterial({ map: texture, side: DoubleSide });
      const plane = new Mesh(this.#geometry, material);
      plane.name = `${stage.title} · map ${c}`;
      this.textures.push(texture);
      this.#materials.push(material);
      this.#planes.push(plane);
      this.group.add(plane);
    }
    this.group.name = stage.title;
    this.setLayout(layout, mode);
    this.update(new Float32Array(stage.size));
  }

  get layout(): StageLayout {
    return this.#layout;
  }

  get planeCount(): number {
    return this.#planes.length;
  }

  setLayout(layout: StageLayout, mode: LayoutMode): void {
    this.#layout = layout;
    const planes = layout.planes;
    if (planes === undefined) throw new Error(`view: no plane layout for ${this.stage.title}`);
    const { centers, width, height } = planes;
    // 3D: planes stand in the y–z plane facing -x, like the input sheet; 2D: they face the camera.
    const facing = mode === '3d' ? new Euler(0, -Math.PI / 2, 0) : new Euler(0, 0, 0);
    this.#planes.forEach((plane, c) => {
      plane.position.fromArray(centers, c * 3);
      plane.rotation.copy(facing);
      plane.scale.set(width, height, 1);
    });
  }

  /** New CHW values; every channel (and every input) shares one fixed brightness scale, so maps compare fairly. */
  update(values: ArrayLike<number>): void {
    const [, height = 0, width = 0] = this.stage.shape;
    // Input pixels are grey in [0, 1] (like the preview); activations are on the fixed scale for maps.
    const scale = this.stage.kind === 'pixels' ? 0 : BRIGHTNESS_SCALE.maps;
    this.textures.forEach((texture, c) => {
      writeChannelTexels(values, c, height, width, scale, texture.image.data as Uint8Array);
      texture.needsUpdate = true;
    });
  }

  dispose(): void {
    for (const texture of this.textures) texture.dispose();
    for (const material of this.#materials) material.dispose();
    this.#geometry.dispose();
    this.group.removeFromParent();
  }
}
