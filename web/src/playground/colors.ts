// Numbers to colours, colour-blind safe: orange for positive, blue for
// negative (the 3D view's convention), one hue per class. Pure.

export const POSITIVE = [230, 140, 30] as const;
export const NEGATIVE = [40, 120, 220] as const;
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [40, 120, 220], [230, 140, 30], [0, 160, 120], [204, 121, 167], [240, 228, 66], [86, 180, 233], [213, 94, 0], [150, 150, 150], [120, 80, 200], [0, 114, 178],
];

export function rgb(c: readonly [number, number, number] | readonly number[]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export function signColor(value: number): string {
  return rgb(value >= 0 ? POSITIVE : NEGATIVE);
}

/** Stroke width in px for a weight, by |w| relative to the largest |w| shown. */
export function weightWidth(value: number, maxAbs: number): number {
  const t = maxAbs > 0 ? Math.min(1, Math.abs(value) / maxAbs) : 0;
  return 0.4 + 4.6 * t;
}

/** A value in [-1, 1] (clamped) to blue … dark … orange, as RGB bytes. */
export function divergingRgb(t: number): [number, number, number] {
  const x = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = x >= 0 ? POSITIVE : NEGATIVE;
  const base = 24;
  const k = Math.abs(x);
  return [base + (end[0] - base) * k, base + (end[1] - base) * k, base + (end[2] - base) * k].map(Math.round) as [number, number, number];
}

/**
 * The colour of one heatmap cell. `values` are the network's outputs there:
 * one output → diverging around `mid` (0.5 for probabilities); several → the
 * winning class's hue, brighter with its probability.
 */
export function outputRgb(values: ArrayLike<number>, mid: number): [number, number, number] {
  if (values.length === 1) return divergingRgb(((values[0] ?? 0) - mid) * 2);
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  const c = CLASS_COLORS[best % CLASS_COLORS.length]!;
  const p = Math.max(0, Math.min(1, values[best] ?? 0));
  const k = 0.25 + 0.6 * p;
  return [Math.round(c[0] * k), Math.round(c[1] * k), Math.round(c[2] * k)];
}

/** A number with enough digits to compare, short enough to read. */
export function fmt(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  // An exact 0 is "0", never "0.0000" beside a "5.69e-5" that is not zero.
  if (value === 0) return '0';
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(2);
  return value.toFixed(digits);
}
