// Value → colour mappings for the 3D view and the neuron heat map.
// All colours are display sRGB in [0, 1]; the renderer is told not to colour-
// manage (see scene.ts), so what is written here is what the projector shows.
// Sign uses the Okabe–Ito orange / sky blue pair, safe for red–green colour
// blindness and distinct on a dark background.

export type Rgb = readonly [number, number, number];

/** Resting colour of a neuron or pixel: dark, but visible against the background. */
export const REST: Rgb = [0.11, 0.14, 0.19];
/** Positive sign (Okabe–Ito orange #E69F00). */
export const POSITIVE: Rgb = [0.902, 0.624, 0.0];
/** Negative sign (Okabe–Ito sky blue #56B4E9). */
export const NEGATIVE: Rgb = [0.337, 0.706, 0.914];
/** The winning output neuron (the page's accent, as on the top probability bar). */
export const WINNER: Rgb = [1.0, 0.784, 0.239];

// The bright end of each ramp: pale tints of the sign colours, so the
// strongest values read as "glowing" rather than merely saturated.
const POSITIVE_HOT: Rgb = [1.0, 0.93, 0.7];
const NEGATIVE_HOT: Rgb = [0.82, 0.93, 1.0];

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Three-stop ramp REST → mid (t = 0.6) → hot (t = 1), written at out[offset..offset+2]. */
function ramp(t: number, mid: Rgb, hot: Rgb, out: Float32Array | number[], offset: number): void {
  let a: Rgb, b: Rgb, u: number;
  if (t < 0.6) {
    a = REST;
    b = mid;
    u = t / 0.6;
  } else {
    a = mid;
    b = hot;
    u = (t - 0.6) / 0.4;
  }
  out[offset] = a[0] + (b[0] - a[0]) * u;
  out[offset + 1] = a[1] + (b[1] - a[1]) * u;
  out[offset + 2] = a[2] + (b[2] - a[2]) * u;
}

/**
 * How bright a value glows on a scale (0 = REST, 1 = hottest): |value| / scale,
 * clamped. NaN or a zero scale is 0.
 */
export function brightness(value: number, scale: number): number {
  return scale > 0 && Number.isFinite(value) ? clamp01(Math.abs(value) / scale) : 0;
}

/**
 * A neuron's glow: brightness(value, scale) picks how bright, the sign picks the
 * hue (orange for positive, blue for negative). Zero, NaN or a zero scale is REST.
 */
export function activationColor(value: number, scale: number, out: Float32Array | number[], offset = 0): void {
  const t = brightness(value, scale);
  if (value < 0) ramp(t, NEGATIVE, NEGATIVE_HOT, out, offset);
  else ramp(t, POSITIVE, POSITIVE_HOT, out, offset);
}

/** An input pixel in [0, 1] as grey, from REST (no ink) to white, like the 28×28 preview. */
export function pixelColor(value: number, out: Float32Array | number[], offset = 0): void {
  const t = Number.isFinite(value) ? clamp01(value) : 0;
  out[offset] = REST[0] + (1 - REST[0]) * t;
  out[offset + 1] = REST[1] + (1 - REST[1]) * t;
  out[offset + 2] = REST[2] + (1 - REST[2]) * t;
}

/** The colour of a connection: its sign only (strength goes to opacity). */
export function signColor(value: number): Rgb {
  return value < 0 ? NEGATIVE : POSITIVE;
}

/** Faintest connection still shown, so the weakest of the top K does not vanish. */
export const MIN_CONNECTION_ALPHA = 0.12;

/** Opacity of a connection: proportional to |value| / maxAbs, floored at MIN_CONNECTION_ALPHA. */
export function connectionAlpha(value: number, maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(value)) return MIN_CONNECTION_ALPHA;
  return MIN_CONNECTION_ALPHA + (1 - MIN_CONNECTION_ALPHA) * clamp01(Math.abs(value) / maxAbs);
}

/**
 * Fixed brightness scales, one per kind of stage, so the same value glows the
 * same on every input: a weak response stays dim instead of being stretched to
 * full brightness (which made a blank canvas light up). Measured on the shipped
 * models with MNIST test digits: hidden ReLU neurons reach 3–14 (90th
 * percentile 1–7), feature maps 2–12 (90th percentile 0.3–4.6); a blank canvas
 * gives at most 0.72 and 0.09. Values past the scale glow at full brightness.
 * Pixels and probabilities are already in [0, 1].
 */
export const BRIGHTNESS_SCALE = { neurons: 5, maps: 3, unit: 1 } as const;

/** Largest |value| in an array (0 when empty or all NaN): the per-layer brightness scale. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Signed values (e.g. a neuron's incoming weights) as opaque RGBA bytes, on a
 * symmetric scale so zero is always REST and ± of equal size look equally strong.
 */
export function heatmapRgba(values: ArrayLike<number>, out = new Uint8ClampedArray(values.length * 4)): Uint8ClampedArray {
  if (out.length !== values.length * 4) throw new Error(`heatmapRgba: output holds ${out.length} bytes, need ${values.length * 4}`);
  const scale = maxAbs(values);
  const rgb = [0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    activationColor(values[i]!, scale, rgb);
    out[i * 4] = Math.round(rgb[0]! * 255);
    out[i * 4 + 1] = Math.round(rgb[1]! * 255);
    out[i * 4 + 2] = Math.round(rgb[2]! * 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}
