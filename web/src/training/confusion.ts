// The 10×10 confusion matrix (click a cell to see its test digits) and a
// gallery of misclassified test digits, drawn from the test IDX pixels.
const SIDE = 28;
const PIXELS = SIDE * SIDE;

export interface TestSet {
  /** count × 784 bytes. */
  images: Uint8Array;
  labels: Uint8Array;
}

export function digitCanvas(images: Uint8Array, index: number, scale = 2): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  canvas.style.width = `${SIDE * scale}px`;
  canvas.style.height = `${SIDE * scale}px`;
  canvas.className = 'train-digit';
  const ctx = canvas.getContext('2d');
  if (ctx !== null) {
    const image = ctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < PIXELS; i++) {
      const v = images[index * PIXELS + i] ?? 0;
      image.data[i * 4] = v;
      image.data[i * 4 + 1] = v;
      image.data[i * 4 + 2] = v;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }
  return canvas;
}

/** Indices of test images with true label `truth` predicted as `predicted`. */
export function cellMembers(labels: Uint8Array, predictions: Uint8Array, truth: number, predicted: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < predictions.length; i++) if (labels[i] === truth && predictions[i] === predicted) out.push(i);
  return out;
}

function tile(test: TestSet, index: number, predicted: number): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'train-tile';
  figure.append(digitCanvas(test.images, index));
  const caption = document.createElement('figcaption');
  caption.textContent = `${predicted} (true ${test.labels[index]})`;
  figure.append(caption);
  return figure;
}

const SHOWN = 60;

/** Fills `matrix`, `cellView` and `gallery` for one evaluation. */
/** The page's background (--bg, #0d1014) under the matrix. */
const PAGE: readonly [number, number, number] = [13, 16, 20];
/** Mistakes: this red at 8% to 88% over the page, by count. */
const ERROR: readonly [number, number, number] = [255, 138, 128];

/** `color` at opacity `alpha` over the page's background. */
export function over(color: readonly [number, number, number], alpha: number): [number, number, number] {
  return [0, 1, 2].map((i) => alpha * color[i]! + (1 - alpha) * PAGE[i]!) as [number, number, number];
}

/** Correct answers: green at 25% over the page. */
const DIAGONAL = over([126, 231, 135], 0.25);

/** WCAG relative luminance of an sRGB colour (0–255 channels). */
export function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/**
 * White or black, whichever contrasts more with `fill`. One of them always
 * reaches 4.5:1: white does while L ≤ 0.183 ((1 + 0.05) / (L + 0.05) ≥ 4.5),
 * black from L ≥ 0.175 ((L + 0.05) / 0.05 ≥ 4.5).
 */
export function textOn(fill: readonly number[]): string {
  const l = luminance(fill);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#fff' : '#000';
}

export function showEvaluation(matrix: HTMLElement, cellView: HTMLElement, gallery: HTMLElement, test: TestSet, confusion: readonly number[], predictions: Uint8Array): void {
  const classes = Math.round(Math.sqrt(confusion.length));
  const max = Math.max(1, ...confusion.filter((_, i) => Math.floor(i / classes) !== i % classes));
  const table = document.createElement('table');
  table.className = 'train-confusion';
  const header = (scope: 'col' | 'row', text: string): HTMLTableCellElement => {
    const th = document.createElement('th');
    th.scope = scope;
    th.textContent = text;
    return th;
  };
  const head = table.createTHead().insertRow();
  head.append(header('col', 'true ↓ / predicted →'));
  for (let c = 0; c < classes; c++) head.append(header('col', String(c)));
  const body = table.createTBody();
  for (let t = 0; t < classes; t++) {
    const row = body.insertRow();
    row.append(header('row', String(t)));
    for (let p = 0; p < classes; p++) {
      const count = confusion[t * classes + p] ?? 0;
      const cell = row.insertCell();
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = String(count);
      button.dataset.truth = String(t);
      button.dataset.predicted = String(p);
      button.setAttribute('aria-label', `${count} test images of ${t} predicted as ${p}`);
      const strength = t === p ? 0 : Math.min(1, count / max);
      const fill = t === p ? DIAGONAL : over(ERROR, 0.08 + 0.8 * strength);
      button.style.background = `rgb(${fill.map(Math.round).join(', ')})`;
      // The count must stay readable on every fill (axe: colour contrast ≥ 4.5:1).
      button.style.color = textOn(fill);
      button.addEventListener('click', () => {
        const members = cellMembers(test.labels, predictions, t, p);
        const title = document.createElement('p');
        title.textContent = `${members.length} test image${members.length === 1 ? '' : 's'} of ${t} predicted as ${p}${members.length > SHOWN ? ` (first ${SHOWN})` : ''}`;
        const tiles = document.createElement('div');
        tiles.className = 'train-tiles';
        tiles.append(...members.slice(0, SHOWN).map((i) => tile(test, i, p)));
        cellView.replaceChildren(title, tiles);
        cellView.hidden = false;
      });
      cell.append(button);
    }
  }
  matrix.replaceChildren(table);

  const wrong: number[] = [];
  for (let i = 0; i < predictions.length && wrong.length < SHOWN; i++) if (predictions[i] !== test.labels[i]) wrong.push(i);
  // A few tiles per frame, so an epoch's end never holds the page for long.
  const token = (gallery.dataset.render = String(Number(gallery.dataset.render ?? '0') + 1));
  gallery.replaceChildren();
  const addSome = (from: number): void => {
    if (gallery.dataset.render !== token) return;
    gallery.append(...wrong.slice(from, from + 15).map((i) => tile(test, i, predictions[i]!)));
    if (from + 15 < wrong.length) requestAnimationFrame(() => addSome(from + 15));
  };
  addSome(0);
}
