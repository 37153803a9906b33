// The element's attributes as the playground's URL state, so the playground's
// own parser (state.ts) validates and clamps them exactly as it does a shared
// link. Pure: no DOM, no engine.

/** The controls a page may ask for, in the order they are shown. */
export const WIDGET_CONTROLS = ['play', 'step', 'reset', 'speed', 'learning-rate'] as const;
export type WidgetControl = (typeof WIDGET_CONTROLS)[number];
export const DEFAULT_CONTROLS: readonly WidgetControl[] = ['play', 'step', 'reset'];

/** Attribute → the playground's URL key. `architecture` takes hidden sizes "4,4" or the whole "2-4-4-1". */
const KEYS: Record<string, string> = {
  problem: 'p',
  activation: 'act',
  loss: 'loss',
  optimizer: 'opt',
  'learning-rate': 'lr',
  'batch-size': 'bs',
  seed: 'seed',
  epochs: 'epochs',
  noise: 'noise',
  samples: 'n',
};
export const OBSERVED_ATTRIBUTES = ['architecture', 'controls', 'goal', ...Object.keys(KEYS)];

export function queryFromAttributes(get: (name: string) => string | null): string {
  const params = new URLSearchParams();
  for (const [attr, key] of Object.entries(KEYS)) {
    const value = get(attr);
    if (value !== null) params.set(key, value.trim());
  }
  const arch = get('architecture');
  if (arch !== null) {
    const t = arch.trim();
    // "2-4-1": the first and last sizes come from the problem's data.
    params.set('h', t.includes('-') ? t.split('-').slice(1, -1).join(',') : t.replace(/\s+/g, ''));
  }
  return params.toString();
}

/** "play step reset" or "play,step": known names only, in the canonical order; none given → the default set. */
export function controlsFrom(text: string | null): WidgetControl[] {
  if (text === null) return [...DEFAULT_CONTROLS];
  const asked = new Set(text.split(/[\s,]+/).filter((t) => t !== ''));
  return WIDGET_CONTROLS.filter((c) => asked.has(c));
}
