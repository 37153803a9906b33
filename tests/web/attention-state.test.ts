// The Attention page's URL state: every field validated and clamped, so any
// URL gives a usable state; the round trip keeps what differs from defaults.
import { describe, expect, it } from 'vitest';
import { defaultState, parseState, stateToSearch } from '../../web/src/attention/state';

const TASKS = ['copy', 'reverse', 'sort', 'rename', 'induction'];
const sizes = (task: string) => ({ tokens: task === 'rename' ? 10 : 6, vocabulary: task === 'rename' ? 13 : 8 });

describe('attention URL state', () => {
  it('defaults to reverse, seed 1, the task\'s own PE and width', () => {
    expect(parseState('', TASKS, sizes)).toEqual(defaultState('reverse'));
    expect(defaultState('rename').example).toBe(-1);
  });

  it('round-trips a full state', () => {
    const s = { task: 'rename', seed: 42, positional: 'none' as const, dimension: 8, example: 3, map: 0, head: 0, position: 7, token: 4 };
    expect(stateToSearch(s)).toBe('?task=rename&seed=42&pe=none&d=8&ex=3&q=7&tok=4');
    expect(parseState(stateToSearch(s), TASKS, sizes)).toEqual(s);
  });

  it('clamps hostile values to defaults', () => {
    const s = parseState('?task=<script>&seed=1e9&pe=rotary&d=5&ex=-4&q=6&tok=99&head=x', TASKS, sizes);
    expect(s).toEqual(defaultState('reverse'));
    expect(parseState('?task=reverse&q=5&tok=7', TASKS, sizes)).toMatchObject({ position: 5, token: 7 });
    expect(parseState('?task=reverse&q=6', TASKS, sizes).position).toBe(0); // T = 6: positions 0..5
    expect(parseState(`?task=copy&seed=${'9'.repeat(30)}`, TASKS, sizes).seed).toBe(1);
    expect(parseState(`?${'a'.repeat(3000)}`, TASKS, sizes)).toEqual(defaultState('reverse'));
  });
});
