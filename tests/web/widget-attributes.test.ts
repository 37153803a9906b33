// The widget's attributes and goal, without a browser: parsing only.
import { describe, expect, it } from 'vitest';
import { controlsFrom, queryFromAttributes } from '../../web/src/widget/attributes';
import { goalMet, goalText, parseGoal } from '../../web/src/widget/goal';
import { FALLBACK_LISTS, parseState } from '../../web/src/playground/state';

const attrs = (values: Record<string, string>) => (name: string): string | null => values[name] ?? null;

describe('widget goal', () => {
  it('reads accuracy and loss goals, with % and spaces', () => {
    expect(parseGoal('accuracy>=1')).toEqual({ metric: 'accuracy', op: '>=', value: 1 });
    expect(parseGoal(' accuracy >= 90% ')).toEqual({ metric: 'accuracy', op: '>=', value: 0.9 });
    expect(parseGoal('loss<0.01')).toEqual({ metric: 'loss', op: '<', value: 0.01 });
    expect(parseGoal('loss<=1e-3')).toEqual({ metric: 'loss', op: '<=', value: 0.001 });
    expect(parseGoal(null)).toBeNull();
    expect(parseGoal('')).toBeNull();
  });

  it('rejects a malformed goal with the accepted form', () => {
    expect(() => parseGoal('accuracy=1')).toThrow('The goal "accuracy=1" is not of the form accuracy>=0.9, accuracy>=90% or loss<0.01.');
    expect(() => parseGoal('speed>3')).toThrow(/not of the form/);
  });

  it('compares and describes', () => {
    const acc = parseGoal('accuracy>=1')!;
    expect(goalMet(acc, 1)).toBe(true);
    expect(goalMet(acc, 0.75)).toBe(false);
    const loss = parseGoal('loss<0.05')!;
    expect(goalMet(loss, 0.05)).toBe(false);
    expect(goalMet(loss, 0.049)).toBe(true);
    expect(goalText(acc)).toBe('test accuracy ≥ 100%');
    expect(goalText(parseGoal('accuracy>=90%')!)).toBe('test accuracy ≥ 90%');
    expect(goalText(loss)).toBe('training loss < 0.05');
  });
});

describe('widget attributes', () => {
  const catalog = [
    { name: 'xor', arch: '2-4-1', activation: 'sigmoid', loss: 'mse', optimizer: 'adam', learningRate: 0.1, batchSize: 4, epochs: 500 },
    { name: 'circles', arch: '2-8-1', activation: 'tanh', loss: 'mse', optimizer: 'adam', learningRate: 0.03, batchSize: 16, epochs: 200 },
  ];

  it('map onto the playground state, through its own clamping parser', () => {
    const s = parseState(queryFromAttributes(attrs({ problem: 'circles', architecture: '2-8-8-1', 'learning-rate': '0.01', seed: '7' })), catalog, 'xor', FALLBACK_LISTS);
    expect([s.problem, s.hidden, s.learningRate, s.seed]).toEqual(['circles', [8, 8], 0.01, 7]);
    expect(parseState(queryFromAttributes(attrs({ architecture: '3, 2' })), catalog, 'xor', FALLBACK_LISTS).hidden).toEqual([3, 2]);
    // Hostile values are clamped as a shared link's would be.
    const bad = parseState(queryFromAttributes(attrs({ problem: 'nope', architecture: '999', seed: 'x' })), catalog, 'xor', FALLBACK_LISTS);
    expect([bad.problem, bad.hidden, bad.seed]).toEqual(['xor', [64], 1]);
  });

  it('controls: known names in a fixed order; none given → play, step, reset', () => {
    expect(controlsFrom('reset, play learning-rate bogus')).toEqual(['play', 'reset', 'learning-rate']);
    expect(controlsFrom(null)).toEqual(['play', 'step', 'reset']);
    expect(controlsFrom('')).toEqual([]);
  });
});
