// The character-level LSTM language model, trained by our engine (wasm,
// through the web facade, as the Sequences page does) and by TF.js 4.22's
// LSTM (wasm backend, SIMD, one thread), side by side in one node process,
// on the same model, the same seeded tokens and the same batches:
//
//   tokens (T, ids < V) → embedding (V, E) → LSTM H, every step
//   → dense V at every step → softmax cross-entropy over every position;
//   Adam, batch 32, no clipping. T, V, E and H are read from the char model's
//   own architecture, scripts/architectures/char-lstm.json (T 32, V 37, E 32,
//   H 128; a Catch2 test holds it equal to the engine's char_architecture()),
//   and the learning rate is the char model's default (1e-2).
//
// Each repetition trains a fresh model of each side for one pass over the
// samples (ours, then theirs: A B A B …) and the table gives the medians of
// training samples/s (a sample is one sequence of T tokens), timed over the
// pass's batches after the first (TF.js builds its graph in the first). It also writes
// JSON (default bench-char-lstm.json; with --out FILE, FILE with
// "-char-lstm" before its extension).
//
//   node scripts/bench/char-lstm.mjs [--smoke | --full] [--reps R] [--out FILE] [--parts ...]
//
// --parts: run only when the list names "char" (run.sh passes bench.mjs's flags on).
// Default: 9 batches a pass, 3 repetitions; --full: 33 batches.
// --smoke (CI): 2 batches, one repetition; it only has to run and print.
//
// TF.js 4.22's wasm backend has no UnsortedSegmentSum, the kernel the
// gradient of gather (the embedding lookup) calls, so model.fit of an
// embedding throws there. registerSegmentSum fills it with the same backend's
// own OneHot, Cast and BatchMatMul kernels (the sum over the rows of x that share a
// segment id is onehot(ids)ᵀ · x); TF.js's C++ does the arithmetic.
//
// The tokens are seeded random ids, not the Alice text: speed does not depend
// on which ids they are, and on them both sides must start near ln V (checked
// below).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadOurs, loadTf } from './sides.mjs';
import { median } from './measure.mjs';

const ARCHITECTURE = JSON.parse(readFileSync(join(ROOT, 'scripts/architectures/char-lstm.json'), 'utf8'));
const layerOf = (type) => ARCHITECTURE.layers.find((l) => l.type === type);
export const T = ARCHITECTURE.input[0], V = ARCHITECTURE.vocabulary;
export const EMBED = layerOf('embedding').dimension, UNITS = layerOf('lstm').units;
export const BATCH = 32, LEARNING_RATE = 1e-2;

/** Ours, in the engine's JSON format: the char model's file as it is. */
export const CHAR_LSTM = ARCHITECTURE;

/** TF.js's twin, layer for layer (sigmoid gates, as ours: TF.js's default is the hard sigmoid). */
export function tfCharLstm(tf) {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: V, outputDim: EMBED, inputLength: T }));
  model.add(tf.layers.lstm({ units: UNITS, returnSequences: true, recurrentActivation: 'sigmoid', unitForgetBias: true }));
  model.add(tf.layers.dense({ units: V, activation: 'softmax' }));
  return model;
}

/**
 * `count` sequences of T + 1 seeded pseudo-random tokens (xorshift32 from
 * `seed`); inputs are tokens 0..T−1, targets 1..T (the next token), both
 * count × T Int32Arrays, the same for both sides.
 */
export function charData(count, seed = 1) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % V;
  };
  const inputs = new Int32Array(count * T), targets = new Int32Array(count * T);
  for (let i = 0; i < count; ++i) {
    let token = next();
    for (let t = 0; t < T; ++t) {
      const following = next();
      inputs[i * T + t] = token;
      targets[i * T + t] = following;
      token = following;
    }
  }
  return { inputs, targets, count };
}

/** The missing wasm kernel, from the wasm backend's own OneHot and BatchMatMul (see the top). */
export function registerSegmentSum(tf) {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return false;
  const oneHot = tf.getKernel('OneHot', 'wasm').kernelFunc;
  const cast = tf.getKernel('Cast', 'wasm').kernelFunc;
  const batchMatMul = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs: { x, segmentIds }, backend, attrs: { numSegments } }) => {
      if (segmentIds.shape.length !== 1 || x.shape[0] !== segmentIds.shape[0] || x.dtype !== 'float32') {
        throw new Error('bench UnsortedSegmentSum: float32 x (N, ...) and segment ids (N) only');
      }
      const n = x.shape[0], rest = x.shape.slice(1), width = rest.reduce((a, b) => a * b, 1);
      // (N, S), 1 where row i belongs to segment s; ids outside [0, S) give a zero row, as TF drops them.
      // (The wasm OneHot writes int32 whatever dtype it is given: cast it.)
      const ints = oneHot({ inputs: { indices: segmentIds }, backend, attrs: { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' } });
      const hot = cast({ inputs: { x: ints }, backend, attrs: { dtype: 'float32' } });
      backend.disposeData(ints.dataId);
      try {
        const view = (t, shape) => ({ dataId: t.dataId, dtype: t.dtype, shape });
        // (1, N, S)ᵀ · (1, N, width) = (1, S, width): row s sums the rows of x in segment s.
        const sum = batchMatMul({ inputs: { a: view(hot, [1, n, numSegments]), b: view(x, [1, n, width]) }, backend, attrs: { transposeA: true, transposeB: false } });
        return { dataId: sum.dataId, dtype: sum.dtype, shape: [numSegments, ...rest] };
      } finally {
        backend.disposeData(hot.dataId);
      }
    },
  });
  return true;
}

/**
 * Samples/s over batches 2..n of one pass, from the times at which each batch
 * ended (the first batch is left out on both sides: TF.js builds its graph then).
 */
function rate(batchEnds) {
  const timed = batchEnds.length - 1;
  if (timed < 1) throw new Error('char-lstm: a pass needs at least 2 batches');
  return (timed * BATCH) / ((batchEnds.at(-1) - batchEnds[0]) / 1000);
}

/**
 * The filled kernel against TF.js's cpu backend's own UnsortedSegmentSum on a
 * small case (ids repeated, one segment empty); throws when they differ.
 */
export async function checkSegmentSum(tf) {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ids = [2, 0, 2, 4, 0];
  const run = async (backend) => {
    if (!(await tf.setBackend(backend))) throw new Error(`TF.js: backend ${backend} did not start`);
    return tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d(x, [5, 2]), tf.tensor1d(ids, 'int32'), 5)).array();
  };
  const reference = await run('cpu');
  const filled = await run('wasm');
  if (JSON.stringify(filled) !== JSON.stringify(reference)) {
    throw new Error(`char-lstm: the filled UnsortedSegmentSum gives ${JSON.stringify(filled)}, TF.js's cpu backend ${JSON.stringify(reference)}`);
  }
}

/** Both sides start from a model that knows nothing: the first batch's loss is near ln V (uniform guesses). */
function checkFirstLoss(side, loss) {
  if (!(Math.abs(loss - Math.log(V)) < 0.1)) {
    throw new Error(`char-lstm: ${side}'s first batch has loss ${loss}, not near ln ${V} = ${Math.log(V).toFixed(3)}: not the same model and task`);
  }
}

/** One pass of Adam over `data` in the engine: samples/s and the mean loss of the first and last batch. */
export function trainCharOurs(engine, data, seed) {
  const session = engine.startTraining({ json: JSON.stringify(CHAR_LSTM) }, data,
    { optimizer: 'adam', learningRate: LEARNING_RATE, batchSize: BATCH, seed });
  try {
    const losses = [], ends = [];
    for (let done = 0; done < data.count / BATCH; ++done) {
      losses.push(session.step(1).meanLoss);
      ends.push(performance.now());
    }
    return { samplesPerSecond: rate(ends), firstLoss: losses[0], lastLoss: losses.at(-1) };
  } finally {
    session.dispose();
  }
}

/** The same pass in TF.js: model.fit, in order, no yielding to the event loop. */
export async function trainCharTf(tf, data) {
  const model = tfCharLstm(tf);
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.tensor2d(data.inputs, [data.count, T], 'int32');
  // (N, T, 1): TF.js's sparse cross-entropy takes one id per output row.
  const y = tf.tensor3d(Float32Array.from(data.targets), [data.count, T, 1], 'float32');
  const losses = [], ends = [];
  try {
    await model.fit(x, y, {
      batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0, yieldEvery: 'never',
      // (logs.loss is a number read after the batch's step: the step is done when it is called.)
      callbacks: { onBatchEnd: (_, logs) => { losses.push(logs.loss); ends.push(performance.now()); } },
    });
    return { samplesPerSecond: rate(ends), firstLoss: losses[0], lastLoss: losses.at(-1) };
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name) => args.includes(`--${name}`);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const parts = option('parts', null);
  if (parts !== null && !parts.split(',').includes('char')) return;
  const mode = flag('smoke') ? 'smoke' : flag('full') ? 'full' : 'default';
  // TF.js trains this model at about 10 samples/s here (2026-12-02): 9 batches a pass keep a default run near 2 minutes.
  const sizes = { smoke: { samples: 2 * BATCH, reps: 1 }, default: { samples: 9 * BATCH, reps: 3 }, full: { samples: 33 * BATCH, reps: 3 } }[mode];
  const reps = Number(option('reps', sizes.reps));
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a whole number from 1, got ${option('reps')}`);
  const given = option('out', null);
  const out = given === null ? join(ROOT, 'bench-char-lstm.json') : given.replace(/(\.json)?$/, '-char-lstm.json');
  const log = (text) => process.stderr.write(`char-lstm: ${text}\n`);

  const data = charData(sizes.samples, 1);
  const { engine, close } = await loadOurs();
  const { tf, info } = await loadTf();
  const filled = registerSegmentSum(tf);
  await checkSegmentSum(tf);
  log(`${mode} run: ${data.count} sequences of ${T} tokens, batch ${BATCH}, ${reps} reps; TF.js ${info.version} ${info.backend} simd=${info.simd} threads=${info.threads}`
    + (filled ? '; UnsortedSegmentSum filled from the wasm backend\'s OneHot, Cast and BatchMatMul' : ''));
  const ours = [], theirs = [];
  try {
    for (let r = 0; r < reps; ++r) {
      ours.push(trainCharOurs(engine, data, r + 1));
      theirs.push(await trainCharTf(tf, data));
      checkFirstLoss('ours', ours.at(-1).firstLoss);
      checkFirstLoss('TF.js', theirs.at(-1).firstLoss);
      log(`rep ${r + 1}: ours ${ours.at(-1).samplesPerSecond.toFixed(1)} samples/s, TF.js ${theirs.at(-1).samplesPerSecond.toFixed(1)}`);
    }
  } finally {
    await close();
  }
  const o = median(ours.map((x) => x.samplesPerSecond)), t = median(theirs.map((x) => x.samplesPerSecond));
  const rows = [
    [`char LSTM training, batch ${BATCH} (T ${T}, V ${V}, E ${EMBED}, H ${UNITS})`, 'samples/s', o.toFixed(1), t.toFixed(1), `${(o / t).toFixed(2)}×`],
    [`  the same, tokens/s (× ${T})`, 'tokens/s', (o * T).toFixed(0), (t * T).toFixed(0), `${(o / t).toFixed(2)}×`],
  ];
  const header = ['metric', 'unit', 'ours', 'TF.js wasm', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  console.log('ratio: ours ÷ TF.js; medians of interleaved repetitions; loss at the first and last batch, ours '
    + `${median(ours.map((x) => x.firstLoss)).toFixed(3)} → ${median(ours.map((x) => x.lastLoss)).toFixed(3)}, TF.js `
    + `${median(theirs.map((x) => x.firstLoss)).toFixed(3)} → ${median(theirs.map((x) => x.lastLoss)).toFixed(3)} (ln ${V} = ${Math.log(V).toFixed(3)})`);
  writeFileSync(out, JSON.stringify({
    date: new Date().toISOString(), mode, reps, tfjs: { ...info, unsortedSegmentSumFilled: filled },
    model: { T, V, embedding: EMBED, units: UNITS, batch: BATCH, learningRate: LEARNING_RATE, architecture: CHAR_LSTM },
    samples: data.count, ours, theirs, medians: { ours: o, theirs: t, ratio: o / t },
  }, null, 2) + '\n');
  log(`wrote ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
