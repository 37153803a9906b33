// The pure parts of the keyboard access (issue 12, part 5): the keyboard pen's
// moves, an MNIST image as pen strokes, the IDX parsing behind "Load a test
// digit", and where ← → land in the 3D view's neuron navigation.
import { describe, expect, it } from 'vitest';
import { FINE_STEP, PEN_STEP, movePen } from '../../web/src/digits/keyboard-pen';
import { imageToStrokes, parseTestDigits } from '../../web/src/digits/test-digits';
import { samePlace } from '../../web/src/view3d/neuron-keys';
import { luminance, over, textOn } from '../../web/src/training/confusion';

describe('the keyboard pen', () => {
  it('moves one step per arrow, a quarter step with Shift, and stays on the canvas', () => {
    expect(PEN_STEP).toBe(0.05);
    expect(FINE_STEP).toBe(0.0125);
    expect(movePen({ x: 0.5, y: 0.5 }, 'ArrowRight', false)).toEqual({ x: 0.55, y: 0.5 });
    expect(movePen({ x: 0.5, y: 0.5 }, 'ArrowLeft', false)).toEqual({ x: 0.45, y: 0.5 });
    expect(movePen({ x: 0.5, y: 0.5 }, 'ArrowUp', true)).toEqual({ x: 0.5, y: 0.4875 });
    expect(movePen({ x: 0.5, y: 0.5 }, 'ArrowDown', true)).toEqual({ x: 0.5, y: 0.5125 });
    expect(movePen({ x: 0.98, y: 0.01 }, 'ArrowRight', false)).toEqual({ x: 1, y: 0.01 });
    expect(movePen({ x: 0.98, y: 0.01 }, 'ArrowUp', false)).toEqual({ x: 0.98, y: 0 });
    expect(movePen({ x: 0.5, y: 0.5 }, 'a', false)).toBeNull();
    expect(movePen({ x: 0.5, y: 0.5 }, ' ', false)).toBeNull();
  });
});

describe('an image as pen strokes', () => {
  it('gives one horizontal stroke per run of ink, shortened by the pen radius less half a cell', () => {
    // 4×4: row 1 has ink in columns 0–3, row 2 a single pixel in column 2, row 3 ink below the threshold.
    const pixels = new Uint8Array([
      0, 0, 0, 0,
      200, 255, 128, 130,
      0, 0, 255, 0,
      127, 127, 0, 0,
    ]);
    // Pen 0.5 of the canvas: inset = 0.25 − 0.125 = 0.125 at each end of a run.
    const strokes = imageToStrokes(pixels, 4, 4, 0.5);
    expect(strokes).toEqual([
      [{ x: 0.125 + 0.125, y: 0.375 }, { x: 0.875 - 0.125, y: 0.375 }],
      [{ x: 0.625, y: 0.625 }],
    ]);
  });

  it('turns a run shorter than the pen into a dot at its middle', () => {
    const pixels = new Uint8Array([255, 255, 0, 0]);
    // Run from x = 0.125 to 0.375 (cols 4): inset 0.4 − 0.125 = 0.275 on each side is more than half of 0.25.
    expect(imageToStrokes(pixels, 1, 4, 0.8)).toEqual([[{ x: 0.25, y: 0.5 }]]);
  });
});

/** An IDX file: magic, dimensions, then the bytes. */
function idx(magic: number, dims: number[], body: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

describe('the MNIST test files behind "Load a test digit"', () => {
  it('parses images and labels', () => {
    const set = parseTestDigits(idx(0x803, [2, 1, 2], [1, 2, 3, 4]), idx(0x801, [2], [7, 2]));
    expect({ count: set.count, rows: set.rows, cols: set.cols, images: Array.from(set.images), labels: Array.from(set.labels) })
      .toEqual({ count: 2, rows: 1, cols: 2, images: [1, 2, 3, 4], labels: [7, 2] });
  });

  it('names what is wrong with a bad file', () => {
    expect(() => parseTestDigits(idx(0x801, [2], [7, 2]), idx(0x801, [2], [7, 2]))).toThrow('the MNIST test images are not an IDX3 image file');
    expect(() => parseTestDigits(idx(0x803, [2, 1, 2], [1, 2, 3, 4]), idx(0x803, [2], [7, 2]))).toThrow('the MNIST test labels are not an IDX1 label file');
    expect(() => parseTestDigits(idx(0x803, [2, 1, 2], [1, 2, 3, 4]), idx(0x801, [3], [7, 2, 1]))).toThrow('the MNIST test set has 2 images but 3 labels');
    expect(() => parseTestDigits(idx(0x803, [2, 1, 2], [1, 2, 3]), idx(0x801, [2], [7, 2]))).toThrow('the MNIST test files are shorter than their headers say');
  });
});

describe('moving between layers of neurons with ← →', () => {
  it('lands at the same relative place, ends on ends', () => {
    expect(samePlace(0, 128, 64)).toBe(0);
    expect(samePlace(127, 128, 64)).toBe(63);
    expect(samePlace(2, 128, 64)).toBe(1); // 2/127 · 63 = 0.99
    expect(samePlace(64, 128, 10)).toBe(5); // 64/127 · 9 = 4.54
    expect(samePlace(5, 10, 1)).toBe(0);
    expect(samePlace(0, 1, 10)).toBe(0);
  });
});

describe('the confusion matrix counts stay readable', () => {
  // WCAG contrast, written out again here: (L1 + 0.05) / (L2 + 0.05) with L from linearised sRGB.
  const lum = (rgb: number[]): number => {
    const [r, g, b] = rgb.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: number[], b: number[]): number => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };

  it('computes luminance as WCAG defines it', () => {
    expect(luminance([255, 255, 255])).toBeCloseTo(1, 12);
    expect(luminance([0, 0, 0])).toBe(0);
    expect(luminance([128, 128, 128])).toBeCloseTo(0.2158605, 6);
  });

  it('picks white or black text with at least 4.5:1 on every fill a cell can have', () => {
    let worst = Infinity;
    for (let k = 0; k <= 800; k++) {
      const fill = over([255, 138, 128], 0.08 + (0.8 * k) / 800);
      const text = textOn(fill) === '#fff' ? [255, 255, 255] : [0, 0, 0];
      worst = Math.min(worst, contrast(fill, text));
    }
    expect(worst).toBeGreaterThanOrEqual(4.5);
    // White on the strongest red (the old text colour on the old fill) was below 4.5:1.
    expect(contrast(over([255, 138, 128], 0.88), [243, 245, 247])).toBeLessThan(4.5);
  });
});
