// The char model's text colours: each character's background is its unit's
// h_t on the site's diverging scale (divergingRgb: blue −1, dark 0, orange +1);
// its text is black or white, whichever contrasts more. Pure.

/** WCAG relative luminance of an sRGB colour (bytes). */
export function luminance(c: readonly number[]): number {
  const linear = (v: number): number => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(c[0]!) + 0.7152 * linear(c[1]!) + 0.0722 * linear(c[2]!);
}

/** Black or white text, whichever contrasts more with the background. */
export function textColorOn(background: readonly number[]): '#000' | '#fff' {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}
