// Axis tick labels: a log axis names every decade, and thousands stay short.
import { describe, expect, it } from 'vitest';
import { tickLabel } from '../../web/src/tick-label';

describe('tick labels', () => {
  it('prints every decade of a log axis distinctly', () => {
    expect([1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001].map(tickLabel)).toEqual(['1', '0.1', '0.01', '1e-3', '1e-4', '1e-5', '1e-6']);
  });

  it('keeps linear ticks short', () => {
    expect([0, 0.25, 2.5, 97.5, 1500, 60000, -0.002, null].map(tickLabel)).toEqual(['0', '0.25', '2.5', '97.5', '1.5k', '60k', '-2e-3', '']);
  });
});

describe('durations', () => {
  it('keeps a tenth of a second under 10 s, so a 3.1 s run does not read "1 s" or "3 s"', async () => {
    const { formatDuration } = await import('../../web/src/training/protocol');
    expect([3.1, 0.04, 9.94, 12.4, 75].map(formatDuration)).toEqual(['3.1 s', '0.0 s', '9.9 s', '12 s', '1 min 15 s']);
  });
});
