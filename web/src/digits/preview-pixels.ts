/**
 * Network input (floats in [0, 1], white = ink) to opaque grey RGBA pixels,
 * so the preview shows exactly the numbers the network receives.
 */
export function grayscaleToRgba(values: ArrayLike<number>, out = new Uint8ClampedArray(values.length * 4)): Uint8ClampedArray {
  if (out.length !== values.length * 4) {
    throw new Error(`grayscaleToRgba: output holds ${out.length} bytes, need ${values.length * 4}`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(Math.min(1, Math.max(0, values[i]!)) * 255);
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}
