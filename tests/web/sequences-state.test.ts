// The Sequences page's URL state (web/src/sequences/state.ts): every field
// validated and clamped, and a round trip. Pure: no DOM, no engine. (Where a
// metric stands against the baseline is the engine's: sequence-metrics.test.ts.)
import { describe, expect, it } from 'vitest';
import { PAGE_MAX_LENGTH, lengthRange, parseState, serializeState, type TaskLimits } from '../../web/src/sequences/state';

const TASKS: TaskLimits[] = [
  { name: 'count_ones', defaultLength: 10, minLength: 2, maxLength: 500 },
  { name: 'parity', defaultLength: 4, minLength: 2, maxLength: 64 },
];

describe('parseState', () => {
  it('gives the first task\'s defaults for an empty query', () => {
    expect(parseState('', TASKS)).toEqual({ task: 'count_ones', length: 10, seed: 1, steps: 400, truncate: 0, cell: 'lstm', view: 'h', example: 0, time: 10 });
  });

  it('reads every field of a good query, and serializes back to the same text', () => {
    const text = 'task=parity&T=12&seed=7&steps=1000&bptt=4&cell=gru&view=z&example=3&t=5';
    const state = parseState(`?${text}`, TASKS);
    expect(state).toEqual({ task: 'parity', length: 12, seed: 7, steps: 1000, truncate: 4, cell: 'gru', view: 'z', example: 3, time: 5 });
    expect(serializeState(state)).toBe(text);
  });

  it('clamps numbers to their ranges and T to the task\'s range capped at the page\'s', () => {
    expect(PAGE_MAX_LENGTH).toBe(100);
    expect(lengthRange(TASKS[0]!)).toEqual([2, 100]);
    expect(lengthRange(TASKS[1]!)).toEqual([2, 64]);
    const s = parseState('T=9999&seed=0&steps=1&example=-4&t=500&bptt=400', TASKS);
    expect([s.length, s.seed, s.steps, s.example, s.time, s.truncate]).toEqual([100, 1, 50, 0, 100, 100]);
    expect(parseState('T=20&bptt=-3', TASKS).truncate).toBe(0);
    expect(parseState('T=20&bptt=30', TASKS).truncate).toBe(20);
    expect(parseState('task=parity&T=9999', TASKS).length).toBe(64);
    expect(parseState('T=1', TASKS).length).toBe(2);
    expect(parseState('T=12.6&t=0', TASKS)).toMatchObject({ length: 13, time: 1 });
  });

  it('falls back on unknown names, non-numbers and views the cell has not', () => {
    const s = parseState('task=<script>&T=abc&seed=1e999&steps=&cell=tree&view=c', TASKS);
    expect(s).toMatchObject({ task: 'count_ones', length: 10, seed: 1, steps: 400, cell: 'lstm', view: 'c' });
    expect(parseState('cell=gru&view=c', TASKS).view).toBe('h');
    expect(parseState('cell=rnn&view=f', TASKS).view).toBe('h');
    expect(parseState(`task=parity&junk=${'x'.repeat(3000)}`, TASKS).task).toBe('count_ones');
  });

  it('refuses an empty task list by name', () => {
    expect(() => parseState('', [])).toThrow('parseState: the engine listed no sequence tasks');
  });
});
