// "Load a test digit": an image of the MNIST test set (the same file the
// training section uses, data/t10k-*.gz, embedded in the classroom file),
// turned into pen strokes so it reaches the network the way a drawing does.
import { fetchAsset } from '../offline';
import type { Point } from './strokes';

export interface TestDigits {
  count: number;
  /** `count` images of rows × cols bytes (0–255), row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  rows: number;
  cols: number;
}

async function gunzip(response: Response): Promise<Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Some servers (vite preview among them) send a .gz file with
  // Content-Encoding: gzip, so the browser has already inflated it.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Parses an IDX3 image file and its IDX1 label file; throws naming what is wrong. */
export function parseTestDigits(images: Uint8Array, labels: Uint8Array): TestDigits {
  const iv = new DataView(images.buffer, images.byteOffset, images.byteLength);
  const lv = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  if (images.length < 16 || iv.getUint32(0) !== 0x803) throw new Error('the MNIST test images are not an IDX3 image file');
  if (labels.length < 8 || lv.getUint32(0) !== 0x801) throw new Error('the MNIST test labels are not an IDX1 label file');
  const count = iv.getUint32(4), rows = iv.getUint32(8), cols = iv.getUint32(12);
  if (lv.getUint32(4) !== count) throw new Error(`the MNIST test set has ${count} images but ${lv.getUint32(4)} labels`);
  if (images.length < 16 + count * rows * cols || labels.length < 8 + count) throw new Error('the MNIST test files are shorter than their headers say');
  return { count, rows, cols, images: images.subarray(16, 16 + count * rows * cols), labels: labels.subarray(8, 8 + count) };
}

let loading: Promise<TestDigits> | null = null;

/** The MNIST test set, downloaded (or read from the classroom file) once per page. */
export function loadTestDigits(): Promise<TestDigits> {
  loading ??= (async () => {
    const base = new URL(`${import.meta.env.BASE_URL}data/`, document.baseURI).href;
    const what = 'the MNIST test digits';
    const [images, labels] = await Promise.all([
      fetchAsset(new URL('t10k-images-idx3-ubyte.gz', base).href, what).then(gunzip),
      fetchAsset(new URL('t10k-labels-idx1-ubyte.gz', base).href, what).then(gunzip),
    ]);
    return parseTestDigits(images, labels);
  })();
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * An image as pen strokes: one horizontal stroke per run of ink (pixels ≥
 * `threshold`) in each row, in normalised canvas coordinates, each run
 * shortened by the pen's radius less half a cell so the round caps end where
 * the ink ends. `penFraction` is the pen width as a fraction of the canvas.
 */
export function imageToStrokes(pixels: Uint8Array, rows: number, cols: number, penFraction: number, threshold = 128): Point[][] {
  const inset = Math.max(0, penFraction / 2 - 0.5 / cols);
  const strokes: Point[][] = [];
  for (let row = 0; row < rows; row++) {
    let col = 0;
    while (col < cols) {
      if (pixels[row * cols + col]! < threshold) {
        col++;
        continue;
      }
      const start = col;
      while (col < cols && pixels[row * cols + col]! >= threshold) col++;
      const y = (row + 0.5) / rows;
      let x0 = (start + 0.5) / cols;
      let x1 = (col - 0.5) / cols;
      if (x1 - x0 > 2 * inset) {
        x0 += inset;
        x1 -= inset;
      } else {
        x0 = x1 = (x0 + x1) / 2;
      }
      strokes.push(x0 === x1 ? [{ x: x0, y }] : [{ x: x0, y }, { x: x1, y }]);
    }
  }
  return strokes;
}
