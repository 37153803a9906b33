// The words and formulas of the backprop walk-through. Pure: every number
// shown comes from the engine's trace; this file only lays them out.

export const LOSS_FORMULAS: Record<string, string> = {
  mse: 'L = (1/M) Σₖ (yₖ − tₖ)²   (M = outputs)',
  binary_cross_entropy: 'L = (1/M) Σₖ −[tₖ log σ(zₖ) + (1 − tₖ) log(1 − σ(zₖ))]',
  softmax_cross_entropy: 'L = −Σₖ tₖ log pₖ,   p = softmax(z)',
  huber: 'L = (1/M) Σₖ huber(yₖ − tₖ),  ½r² for |r| ≤ 1, |r| − ½ beyond',
};

export const OUTPUT_DELTA: Record<string, string> = {
  mse: 'δ = ∂L/∂z = 2(y − t)/M (through the output activation)',
  binary_cross_entropy: 'δ = ∂L/∂z = (σ(z) − t)/M',
  softmax_cross_entropy: 'δ = ∂L/∂z = p − t',
  huber: 'δ = ∂L/∂z = clamp(y − t, −1, 1)/M',
};

export type Stage =
  | { kind: 'forward'; layer: number }
  | { kind: 'loss' }
  | { kind: 'backward'; layer: number }
  | { kind: 'update' };

/** forward through each dense layer, the loss, backward from the top, the update. */
export function stagesFor(denseCount: number): Stage[] {
  const stages: Stage[] = [];
  for (let l = 0; l < denseCount; l++) stages.push({ kind: 'forward', layer: l });
  stages.push({ kind: 'loss' });
  for (let l = denseCount - 1; l >= 0; l--) stages.push({ kind: 'backward', layer: l });
  stages.push({ kind: 'update' });
  return stages;
}

export function stageTitle(s: Stage, denseCount: number): string {
  switch (s.kind) {
    case 'forward': return `Forward, layer ${s.layer + 1} of ${denseCount}: z = Σ w·a + b, then a = f(z)`;
    case 'loss': return 'Loss: how wrong the output is';
    case 'backward': return `Backward, layer ${s.layer + 1}: δ = ∂L/∂z and ∂L/∂w = a·δ`;
    case 'update': return 'Update: one gradient-descent step for the selected weight';
  }
}

/** "0.1234×1.0000 + (−0.5000)×0.0000 + 0.1000" for a neuron's weighted sum (fan-in up to `limit` terms). */
export function sumText(weights: number[], inputs: number[], bias: number, f: (v: number) => string, limit = 6): string {
  const wrap = (v: number): string => (v < 0 ? `(${f(v)})` : f(v));
  const terms = weights.slice(0, limit).map((w, i) => `${wrap(w)}×${wrap(inputs[i] ?? 0)}`);
  if (weights.length > limit) terms.push(`… ${weights.length - limit} more`);
  return `${terms.join(' + ')} + ${wrap(bias)}`;
}
