// One measurement per function, each returning plain numbers. The caller
// interleaves our runs and TF.js runs (A B A B …) and takes medians, so load
// from other processes on the machine biases neither side.
import { slice } from './mnist.mjs';
import { tfModel } from './models.mjs';

const now = () => performance.now();

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

const imageShape = (architecture, count) =>
  architecture.input.length === 1 ? [count, architecture.input[0]] : [count, 28, 28, 1];

/** One epoch of Adam (lr 1e-3) over `train` in the engine; samples/s and test accuracy. */
export function trainOurs(engine, architecture, train, test, batchSize, seed) {
  const session = engine.startTraining({ json: JSON.stringify(architecture) },
    { inputs: train.inputs, targets: train.targets, count: train.count },
    { optimizer: 'adam', learningRate: 0.001, batchSize, seed });
  try {
    const batches = Math.ceil(train.count / batchSize);
    const start = now();
    for (let done = 0; done < batches;) done += session.step(Math.min(256, batches - done)).batches;
    const seconds = (now() - start) / 1000;
    const accuracy = session.evaluate({ inputs: test.inputs, targets: test.targets, count: test.count }).accuracy;
    return { samplesPerSecond: train.count / seconds, accuracy };
  } finally {
    session.dispose();
  }
}

/** TF.js accuracy over a set, predicting in batches of 1,000. */
function tfAccuracy(tf, model, architecture, set) {
  let correct = 0;
  for (let first = 0; first < set.count; first += 1000) {
    const part = slice(set, first, Math.min(1000, set.count - first));
    const predicted = tf.tidy(() => model.predict(tf.tensor(part.inputs, imageShape(architecture, part.count))).argMax(-1).dataSync());
    for (let i = 0; i < part.count; ++i) correct += predicted[i] === part.labels[i] ? 1 : 0;
  }
  return correct / set.count;
}

/**
 * The same epoch in TF.js: model.fit, shuffled, no yielding to the event loop,
 * on `backend` (TF.js 4.22's wasm backend has no Conv2DBackpropFilter, so the
 * CNNs train on its cpu backend), then back to wasm.
 */
export async function trainTf(tf, architecture, train, test, batchSize, backend = 'wasm') {
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js: backend ${backend} did not start`);
  try {
    return await fitTf(tf, architecture, train, test, batchSize);
  } finally {
    await tf.setBackend('wasm');
  }
}

async function fitTf(tf, architecture, train, test, batchSize) {
  const model = tfModel(tf, architecture);
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  const x = tf.tensor(train.inputs, imageShape(architecture, train.count));
  const y = tf.tensor2d(train.targets, [train.count, 10]);
  try {
    const start = now();
    await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0, yieldEvery: 'never' });
    const seconds = (now() - start) / 1000;
    return { samplesPerSecond: train.count / seconds, accuracy: tfAccuracy(tf, model, architecture, test) };
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}

/** Milliseconds per single-image prediction, over `calls` calls (output copied to JS). */
export function latencyOurs(network, image, calls) {
  network.predict(image);
  const start = now();
  for (let i = 0; i < calls; ++i) network.predict(image);
  return (now() - start) / calls;
}

export function latencyTf(tf, model, image, calls) {
  const shape = [1, image.length];
  tf.tidy(() => model.predict(tf.tensor2d(image, shape)).dataSync());
  const start = now();
  for (let i = 0; i < calls; ++i) tf.tidy(() => model.predict(tf.tensor2d(image, shape)).dataSync());
  return (now() - start) / calls;
}

/** Images/s classifying `set` in batches of `batch` (the predicted classes come back to JS). */
export function inferOurs(network, set, batch) {
  const start = now();
  for (let first = 0; first < set.count; first += batch) {
    const part = slice(set, first, Math.min(batch, set.count - first));
    network.evaluate({ inputs: part.inputs, targets: part.targets, count: part.count });
  }
  return set.count / ((now() - start) / 1000);
}

export function inferTf(tf, model, architecture, set, batch) {
  const start = now();
  for (let first = 0; first < set.count; first += batch) {
    const part = slice(set, first, Math.min(batch, set.count - first));
    tf.tidy(() => model.predict(tf.tensor(part.inputs, imageShape(architecture, part.count))).argMax(-1).dataSync());
  }
  return set.count / ((now() - start) / 1000);
}

/** GFLOP/s of tf.matMul for one layout ('nn', 'tn', 'nt') and size, timed for ≥ minMs. */
export function matMulTf(tf, layout, { m, k, n }, minMs) {
  const random = (rows, cols) => tf.randomUniform([rows, cols], -1, 1);
  const a = layout === 'tn' ? random(k, m) : random(m, k);
  const b = layout === 'nt' ? random(n, k) : random(k, n);
  const run = () => tf.matMul(a, b, layout === 'tn', layout === 'nt').dispose();
  try {
    run();
    let runs = 0;
    const start = now();
    let elapsed = 0;
    do {
      run();
      ++runs;
      elapsed = now() - start;
    } while (elapsed < minMs);
    return (2 * m * n * k * runs) / (elapsed / 1000) / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}
