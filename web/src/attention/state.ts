// The Attention page's state and its URL form (?task=reverse&seed=1&pe=none&d=8
// &ex=3&map=0&head=0&q=2&tok=4). The parser validates and clamps every field,
// so any URL, however hostile, gives a usable state. Pure: no DOM, no engine.
import type { Positional } from './protocol';

export const POSITIONALS: readonly Positional[] = ['sinusoidal', 'learned', 'none'];
/** The embedding widths the page offers; ≤ 3 is drawn as is, wider through PCA. */
export const DIMENSIONS = [2, 3, 8, 16, 32] as const;
export const MAX_SEED = 1_000_000;
export const MAX_EXAMPLE = 199;

export interface AttentionState {
  task: string;
  seed: number;
  /** null: the task's default. */
  positional: Positional | null;
  dimension: number | null;
  /** Test example, or −1 for seed 003's "x = y + z" (rename). */
  example: number;
  map: number;
  head: number;
  position: number;
  /** The token whose neighbours are listed, −1 for none. */
  token: number;
}

export function defaultState(task: string): AttentionState {
  // Rename: seed 003's example, and the query at ':' (the one predicting 'a').
  const rename = task === 'rename';
  return { task, seed: 1, positional: null, dimension: null, example: rename ? -1 : 0, map: 0, head: 0, position: rename ? 5 : 0, token: -1 };
}

/** A whole number in [min, max], or `fallback` for anything else (text, fractions, out of range, too long). */
function whole(text: string | null, min: number, max: number, fallback: number): number {
  if (text === null || text.length > 12 || !/^-?\d+$/.test(text)) return fallback;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : fallback;
}

/**
 * The state a query string asks for. `tasks` are the engine's task names (the
 * first is the fallback); `tokens` and `vocabulary` bound positions and tokens
 * of the chosen task (`sizes`).
 */
export function parseState(search: string, tasks: readonly string[], sizes: (task: string) => { tokens: number; vocabulary: number }): AttentionState {
  const params = new URLSearchParams(search.length > 2000 ? '' : search);
  const asked = params.get('task');
  const task = asked !== null && tasks.includes(asked) ? asked : (tasks.includes('reverse') ? 'reverse' : tasks[0] ?? 'reverse');
  const base = defaultState(task);
  const { tokens, vocabulary } = sizes(task);
  const pe = params.get('pe');
  const d = whole(params.get('d'), 1, 64, 0);
  return {
    task,
    seed: whole(params.get('seed'), 0, MAX_SEED, base.seed),
    positional: POSITIONALS.find((p) => p === pe) ?? null,
    dimension: (DIMENSIONS as readonly number[]).includes(d) ? d : null,
    example: whole(params.get('ex'), task === 'rename' ? -1 : 0, MAX_EXAMPLE, base.example),
    map: whole(params.get('map'), 0, 7, 0),
    head: whole(params.get('head'), 0, 15, 0),
    position: whole(params.get('q'), 0, tokens - 1, base.position),
    token: whole(params.get('tok'), -1, vocabulary - 1, -1),
  };
}

/** The query string for a state: only what differs from the task's defaults. */
export function stateToSearch(s: AttentionState): string {
  const base = defaultState(s.task);
  const params = new URLSearchParams({ task: s.task });
  if (s.seed !== base.seed) params.set('seed', String(s.seed));
  if (s.positional !== null) params.set('pe', s.positional);
  if (s.dimension !== null) params.set('d', String(s.dimension));
  if (s.example !== base.example) params.set('ex', String(s.example));
  if (s.map !== 0) params.set('map', String(s.map));
  if (s.head !== 0) params.set('head', String(s.head));
  if (s.position !== base.position) params.set('q', String(s.position));
  if (s.token !== -1) params.set('tok', String(s.token));
  return `?${params.toString()}`;
}
