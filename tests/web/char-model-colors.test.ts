// The char model's colouring: every h_t in [−1, 1] gets a background from the
// site's diverging scale and a text colour readable on it (WCAG AA, 4.5:1),
// with the contrast ratio computed here from the WCAG formula.
import { describe, expect, it } from 'vitest';
import { divergingRgb } from '../../web/src/playground/colors';
import { textColorOn } from '../../web/src/sequences/charmodel-colors';

function relativeLuminance([r, g, b]: readonly number[]): number {
  const channel = (v: number): number => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
}

function contrast(a: readonly number[], b: readonly number[]): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('char model text colours', () => {
  it('picks white on the dark middle and black on full orange', () => {
    expect(textColorOn(divergingRgb(0))).toBe('#fff');
    expect(textColorOn([255, 255, 255])).toBe('#000');
    expect(textColorOn([0, 0, 0])).toBe('#fff');
    // Full orange (230, 140, 30): luminance 0.357, so black (8.1:1) beats white (2.6:1).
    expect(textColorOn(divergingRgb(1))).toBe('#000');
  });

  it('keeps every activation readable: contrast at least 4.5 for h from −1 to 1', () => {
    let worst = Infinity;
    for (let i = -100; i <= 100; i++) {
      const background = divergingRgb(i / 100);
      const text = textColorOn(background) === '#000' ? [0, 0, 0] : [255, 255, 255];
      worst = Math.min(worst, contrast(background, text));
    }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});
