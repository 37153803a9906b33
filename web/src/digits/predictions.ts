// Pure helpers for turning the network's output into what the page shows.

/** Index of the largest value; -1 for an empty or all-NaN array. Ties go to the lower index. */
export function topIndex(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > bestValue) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/** A probability in [0, 1] as a percentage with one decimal, e.g. "97.3%". */
export function formatPercent(probability: number): string {
  if (!Number.isFinite(probability)) return '–';
  const clamped = Math.min(1, Math.max(0, probability));
  return `${(clamped * 100).toFixed(1)}%`;
}

/** True when any input pixel has ink. The preprocessed input is all zeros for a blank canvas. */
export function hasInk(input: ArrayLike<number>): boolean {
  for (let i = 0; i < input.length; i++) {
    if (input[i]! > 0) return true;
  }
  return false;
}
