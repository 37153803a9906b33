// What the playground shows for the engine's problem and group ids. Display
// text only: the URL and the engine keep the ids (`half_adder`, `pattern3x3`).
import type { TermKey } from '../glossary/terms';

const PROBLEMS: Readonly<Record<string, string>> = {
  and: 'AND', or: 'OR', nand: 'NAND', xor: 'XOR', parity3: '3-bit parity', majority3: '3-bit majority',
  half_adder: 'Half adder', full_adder: 'Full adder', adder2: '2-bit adder',
  quadrant: 'Quadrant', pattern3x3: '3×3 patterns', iris: 'Iris flowers',
  circles: 'Circles', spirals: 'Spirals', blobs: 'Blobs', moons: 'Moons', checkerboard: 'Checkerboard',
};

const GROUPS: Readonly<Record<string, string>> = {
  gates: 'Logic gates', circuits: 'Circuits', classification: 'Classification', '2d': '2-D point sets',
};

/** "Half adder" for `half_adder`; an id we have no name for is shown with spaces ("new_set" → "New set"). */
export function problemName(id: string): string {
  return PROBLEMS[id] ?? readable(id);
}

export function groupName(id: string): string {
  return GROUPS[id] ?? readable(id);
}

function readable(id: string): string {
  const spaced = id.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The glossary entry for an engine choice (optimizer or loss), if it has one. */
export const CHOICE_TERMS: Readonly<Record<string, TermKey>> = {
  sgd: 'sgd', momentum: 'momentum', nesterov: 'nesterov', adagrad: 'adagrad', rmsprop: 'rmsprop', adam: 'adam', adamw: 'adamw',
  mse: 'mse', binary_cross_entropy: 'bce', softmax_cross_entropy: 'cce', huber: 'huber', sigmoid: 'sigmoid',
};
