// The chart history a checkpoint carries comes back from IndexedDB, which an
// older version or another tab may have written: usableChartHistory keeps it
// only when it is whole and belongs to the checkpoint's step.
import { describe, expect, it } from 'vitest';
import { usableChartHistory } from '../../web/src/training/protocol';

const good = {
  losses: [2.3, 1.9, 1.4],
  accuracy: [{ epoch: 1, accuracy: 0.8, kind: 'full' }],
  speed: [{ seconds: 0.5, samplesPerSecond: 4000 }],
};

describe('usableChartHistory', () => {
  it('keeps a whole history with one loss per step, as a copy', () => {
    const kept = usableChartHistory(good, 3);
    expect(kept).toEqual(good);
    kept!.losses.push(1);
    expect(good.losses.length).toBe(3);
  });

  it.each([
    ['no history', undefined, 3],
    ['a number', 7, 3],
    ['a loss count that is not the step', good, 4],
    ['a NaN loss', { ...good, losses: [2.3, Number.NaN, 1.4] }, 3],
    ['a string loss', { ...good, losses: [2.3, '1.9', 1.4] }, 3],
    ['an unknown accuracy kind', { ...good, accuracy: [{ epoch: 1, accuracy: 0.8, kind: 'half' }] }, 3],
    ['a missing speed field', { ...good, speed: [{ seconds: 0.5 }] }, 3],
    ['speed not an array', { ...good, speed: {} }, 3],
  ])('drops %s', (_label, history, step) => {
    expect(usableChartHistory(history, step)).toBeNull();
  });
});
