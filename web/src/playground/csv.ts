// Own data as CSV: one sample per line, `feature, feature, …, label` with an
// integer class label. Errors name the line and the reason. Pure.

export interface OwnData {
  inputs: Float32Array;
  labels: Int32Array;
  count: number;
  inputSize: number;
  classes: number;
}

export type CsvResult = { ok: true; data: OwnData } | { ok: false; error: string };

export const MAX_CSV_ROWS = 5000;
export const MAX_CLASSES = 10;

export function parseCsv(text: string): CsvResult {
  const rows: { features: number[]; label: number }[] = [];
  let inputSize = -1;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    if (cells.length < 2) return { ok: false, error: `line ${lineNo}: expected at least one feature and a label, got ${cells.length} value` };
    const numbers = cells.map(Number);
    const bad = numbers.findIndex((n, j) => cells[j] === '' || !Number.isFinite(n));
    if (bad >= 0) {
      // A header line (all text) is allowed as the very first row.
      if (rows.length === 0 && inputSize < 0 && numbers.every((n) => Number.isNaN(n))) {
        inputSize = -2;
        continue;
      }
      return { ok: false, error: `line ${lineNo}: "${cells[bad]!.slice(0, 20)}" in column ${bad + 1} is not a number` };
    }
    const label = numbers[numbers.length - 1]!;
    if (!Number.isInteger(label) || label < 0 || label >= MAX_CLASSES) {
      return { ok: false, error: `line ${lineNo}: the label (last column) must be a whole number from 0 to ${MAX_CLASSES - 1}, got ${cells[cells.length - 1]}` };
    }
    const features = numbers.slice(0, -1);
    const expected = rows[0]?.features.length;
    if (expected !== undefined && features.length !== expected) {
      return { ok: false, error: `line ${lineNo}: ${features.length} features, but the first row has ${expected}` };
    }
    if (rows.length >= MAX_CSV_ROWS) return { ok: false, error: `line ${lineNo}: too many rows (at most ${MAX_CSV_ROWS})` };
    rows.push({ features, label });
  }
  if (rows.length === 0) return { ok: false, error: 'no data rows: write one sample per line, features then a label' };
  const size = rows[0]!.features.length;
  const classes = Math.max(2, ...rows.map((r) => r.label + 1));
  const inputs = new Float32Array(rows.length * size);
  rows.forEach((r, i) => inputs.set(r.features, i * size));
  return { ok: true, data: { inputs, labels: Int32Array.from(rows, (r) => r.label), count: rows.length, inputSize: size, classes } };
}

/** One-hot targets (count × classes) for the engine. */
export function oneHot(labels: Int32Array, classes: number): Float32Array {
  const t = new Float32Array(labels.length * classes);
  labels.forEach((l, i) => { t[i * classes + l] = 1; });
  return t;
}
