// The playground's pure logic: URL state (round trip, hostile URLs), the CSV
// parser's errors, colour mapping, backprop stages, the A/B variant.
import { describe, expect, it } from 'vitest';
import { stagesFor, sumText } from '../../web/src/playground/backprop-text';
import { divergingRgb, fmt, outputRgb, weightWidth } from '../../web/src/playground/colors';
import { variant } from '../../web/src/playground/compare';
import { parseCsv, oneHot } from '../../web/src/playground/csv';
import { boundsOf, classOf, gridInputs } from '../../web/src/playground/regions';
import {
  HIDABLE, MAX_HIDDEN_LAYERS, MAX_NEURONS, defaultState, hiddenFromArch, parseHide, parseState, serializeState, type PlaygroundState, type ProblemDefaults,
} from '../../web/src/playground/state';

const CATALOG: ProblemDefaults[] = [
  { name: 'xor', arch: '2-4-1', activation: 'sigmoid', loss: 'mse', optimizer: 'adam', learningRate: 0.05000000074505806, epochs: 1000, batchSize: 4 },
  { name: 'spirals', arch: '2-16-16-2', activation: 'tanh', loss: 'softmax_cross_entropy', optimizer: 'adam', learningRate: 0.01, epochs: 1500, batchSize: 32 },
];

function valid(s: PlaygroundState): void {
  expect(CATALOG.map((p) => p.name)).toContain(s.problem);
  expect(s.hidden.length).toBeLessThanOrEqual(MAX_HIDDEN_LAYERS);
  expect(s.activations.length).toBe(s.hidden.length);
  for (const n of s.hidden) expect(Number.isInteger(n) && n >= 1 && n <= MAX_NEURONS).toBe(true);
  for (const v of [s.learningRate, s.batchSize, s.l1, s.l2, s.dropout, s.seed, s.epochs, s.targetLoss]) expect(Number.isFinite(v)).toBe(true);
  expect(s.learningRate).toBeGreaterThan(0);
  expect(s.learningRate).toBeLessThanOrEqual(10);
  expect(s.dropout).toBeLessThan(1);
  expect(s.batchSize).toBeGreaterThanOrEqual(1);
}

describe('URL state', () => {
  it('defaults come from the catalog (arch, activation, loss, optimizer, rate, epochs, batch)', () => {
    const s = parseState('', CATALOG);
    expect(s).toMatchObject({ problem: 'xor', hidden: [4], activations: ['sigmoid'], outputActivation: 'sigmoid', loss: 'mse', optimizer: 'adam', learningRate: 0.05, epochs: 1000, batchSize: 4, seed: 1 });
    expect(hiddenFromArch('2-16-16-2')).toEqual([16, 16]);
    expect(hiddenFromArch('2-1')).toEqual([]);
  });

  it('round-trips every field', () => {
    const s: PlaygroundState = {
      ...defaultState(CATALOG[1]!), hidden: [8, 3, 64], activations: ['relu', 'tanh', 'gelu'], outputActivation: 'elu', loss: 'huber', optimizer: 'rmsprop',
      learningRate: 0.0123, batchSize: 17, l1: 0.001, l2: 0.02, dropout: 0.25, seed: 4242, epochs: 77, targetLoss: 0.05,
      noise: 0.35, samples: 120, classes: 5,
    };
    expect(parseState(`?${serializeState(s)}`, CATALOG)).toEqual(s);
    const none = { ...s, hidden: [], activations: [] };
    expect(parseState(serializeState(none), CATALOG)).toEqual(none);
  });

  it('clamps or replaces hostile values and never throws', () => {
    const s = parseState('?p=nope&lr=1e999&bs=-5&seed=NaN&drop=7&l1=Infinity&epochs=99999999999&target=-1&noise=1e9&n=-1&k=99', CATALOG);
    valid(s);
    expect(s.problem).toBe('xor');
    expect(s.learningRate).toBe(0.05);
    expect(s.batchSize).toBe(1);
    expect(s.seed).toBe(1);
    expect(s.dropout).toBe(0.9);
    expect(s.l1).toBe(0);
    expect(s.epochs).toBe(100000);
    expect(s.targetLoss).toBe(0);
    expect([s.noise, s.samples, s.classes]).toEqual([1, 20, 5]);
  });

  it('hides controls named in `hide`: known names only, once each, in a fixed order, and round-trips', () => {
    expect(parseState('?p=xor', CATALOG).hide).toEqual([]);
    expect(serializeState(parseState('?p=xor', CATALOG))).not.toContain('hide');
    const s = parseState('?p=xor&hide=regularization,optimizer,optimizer,__proto__,<b>,', CATALOG);
    expect(s.hide).toEqual(['optimizer', 'regularization']);
    expect(serializeState(s)).toMatch(/&hide=optimizer,regularization$/);
    expect(parseState(`?${serializeState(s)}`, CATALOG)).toEqual(s);
    expect(parseHide(HIDABLE.join(','))).toEqual([...HIDABLE]);
    expect(parseHide('x'.repeat(401))).toEqual([]);
    expect(parseHide(null)).toEqual([]);
  });

  it('keeps at most 8 hidden layers of at most 64 neurons', () => {
    const h = Array.from({ length: 100 }, () => '100000').join(',');
    const s = parseState(`?p=spirals&h=${h}&act=${'relu,'.repeat(100)}`, CATALOG);
    valid(s);
    expect(s.hidden).toEqual(Array(8).fill(64));
    expect(parseState('?h=0,-3,abc,2.6', CATALOG).hidden).toEqual([1, 1, 4, 3]);
  });

  it('ignores script injection and junk', () => {
    for (const q of [
      '?p=<script>alert(1)</script>&act=<img src=x onerror=alert(1)>&loss=");alert(1)//&opt=__proto__',
      '?p=constructor&h=__proto__&lr=0x10&seed=1e3',
      '%%%%&&&==?p',
      `?p=${'x'.repeat(10000)}`,
      '?h=' + '9,'.repeat(5000),
    ]) {
      const s = parseState(q, CATALOG);
      valid(s);
      expect(JSON.stringify(s)).not.toMatch(/script|onerror|alert|proto/);
    }
    expect(parseState('?act=<b>', CATALOG).activations).toEqual(['sigmoid']);
  });
});

describe('CSV', () => {
  it('parses features and labels, with an optional header and comments', () => {
    const r = parseCsv('x,y,label\n# comment\n0.5, -1, 0\n1;2;1\n\n3\t4\t2\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ count: 3, inputSize: 2, classes: 3 });
    expect(Array.from(r.data.inputs)).toEqual([0.5, -1, 1, 2, 3, 4]);
    expect(Array.from(oneHot(r.data.labels, 3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('names the line and the reason', () => {
    const cases: [string, RegExp][] = [
      ['1,2,0\n3,x,1', /^line 2: "x" in column 2 is not a number/],
      ['1,2,0\n\n3,4,5,1', /^line 3: 3 features, but the first row has 2/],
      ['1,2,0\n1,2,1.5', /^line 2: the label .* whole number from 0 to 9, got 1.5/],
      ['1,2,-1', /^line 1: the label/],
      ['1,2,0\n7', /^line 2: expected at least one feature and a label/],
      ['1,,0', /^line 1: "" in column 2 is not a number/],
      ['', /no data rows/],
      ['a,b,c', /no data rows/],
    ];
    for (const [text, error] of cases) {
      const r = parseCsv(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    }
  });
});

describe('mapping numbers to pictures', () => {
  it('colours by sign, widths by magnitude, one hue per class', () => {
    expect(divergingRgb(1)).toEqual([230, 140, 30]);
    expect(divergingRgb(-1)).toEqual([40, 120, 220]);
    expect(divergingRgb(NaN)).toEqual([24, 24, 24]);
    expect(weightWidth(2, 2)).toBeCloseTo(5);
    expect(weightWidth(-0.0, 2)).toBeCloseTo(0.4);
    expect(weightWidth(1, 0)).toBeCloseTo(0.4);
    expect(outputRgb([0.1, 0.9], 0.5)).not.toEqual(outputRgb([0.9, 0.1], 0.5));
    expect(fmt(0.000012)).toBe('1.20e-5');
    expect(fmt(-1.5, 2)).toBe('-1.50');
    expect([fmt(0), fmt(-0)]).toEqual(['0', '0']);
  });

  it('grids, bounds and classes for the decision regions', () => {
    const b = boundsOf(new Float32Array([0, 0, 1, 1]), 2);
    expect(b.x0).toBeLessThan(0);
    expect(b.x1).toBeGreaterThan(1);
    const g = gridInputs({ x0: 0, x1: 2, y0: 0, y1: 2 }, 2);
    expect(Array.from(g)).toEqual([0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5]);
    expect(classOf(new Float32Array([0, 0, 1]), 3, 0)).toBe(2);
    expect(classOf(new Float32Array([0.7]), 1, 0)).toBe(1);
  });
});

describe('backprop walk-through and A/B', () => {
  it('forward per layer, loss, backward from the top, update', () => {
    expect(stagesFor(2).map((s) => s.kind + ('layer' in s ? s.layer : ''))).toEqual(['forward0', 'forward1', 'loss', 'backward1', 'backward0', 'update']);
    expect(sumText([0.5, -1], [1, 2], 0.5, (v) => v.toFixed(1))).toBe('0.5×1.0 + (-1.0)×2.0 + 0.5');
    expect(sumText([1, 1, 1], [0, 0, 0], -1, String, 2)).toBe('1×0 + 1×0 + … 1 more + (-1)');
  });

  it('B changes exactly one setting, validated', () => {
    const a = defaultState(CATALOG[0]!);
    expect(variant(a, 'learningRate', '0.5')).toEqual({ ...a, learningRate: 0.5 });
    expect(variant(a, 'learningRate', 'NaN')).toEqual(a);
    expect(variant(a, 'optimizer', 'sgd')).toEqual({ ...a, optimizer: 'sgd' });
    expect(variant(a, 'activation', 'relu').activations).toEqual(['relu']);
    expect(variant(a, 'batchSize', '1e9').batchSize).toBe(1024);
  });
});
