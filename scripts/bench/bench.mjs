// npm run bench: our engine (wasm, through the web facade) against TF.js 4.22
// on its wasm backend (SIMD, one thread), side by side in this one process,
// on the same MNIST data, models and batch sizes; plus engine_bench natively
// (MLP training, GEMM against OpenBLAS) and in wasm. Prints a table of
// absolute numbers and ratios and writes bench-results.json.
//
//   node scripts/bench/bench.mjs [--smoke | --full] [--reps R] [--out FILE]
//                                [--parts mlp,cnn,infer,gemm,native]
//
// Default: MLP on the first 10,000 training images, the CNNs on 2,000 and
// 1,000 (TF.js trains those slowly), 3 interleaved repetitions, medians.
// --full: all 60,000 images for the MLP, 10,000 and 5,000 for the CNNs.
// --smoke (CI): a few hundred images, one repetition; it only has to run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist, slice } from './mnist.mjs';
import { MLP, SMALL_CNN, tfModel } from './models.mjs';
import { ROOT, engineBench, loadOurs, loadTf } from './sides.mjs';
import { inferOurs, inferTf, latencyOurs, latencyTf, matMulTf, median, trainOurs, trainTf } from './measure.mjs';
import LENET from '../architectures/lenet.json' with { type: 'json' };

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const mode = flag('smoke') ? 'smoke' : flag('full') ? 'full' : 'default';
const sizes = {
  smoke: { mlp: 512, cnn: 128, lenet: 64, test: 1000, reps: 1, batches: [64], calls: 50, gemmMs: 10 },
  default: { mlp: 10000, cnn: 2000, lenet: 1000, test: 10000, reps: 3, batches: [16, 64, 256], calls: 500, gemmMs: 100 },
  full: { mlp: 60000, cnn: 10000, lenet: 5000, test: 10000, reps: 3, batches: [16, 64, 256], calls: 1000, gemmMs: 200 },
}[mode];
const reps = Number(option('reps', sizes.reps));
const out = option('out', join(ROOT, 'bench-results.json'));
const parts = new Set(option('parts', 'mlp,cnn,infer,gemm,native').split(','));

const log = (text) => process.stderr.write(`bench: ${text}\n`);
const rows = [];
/** One line of the table: ours, theirs, ours/theirs (or theirs/ours where lower is better). */
function row(metric, unit, ours, theirs, { reference = 'TF.js', lowerIsBetter = false, target, met } = {}) {
  const ratio = lowerIsBetter ? theirs / ours : ours / theirs;
  rows.push({ metric, unit, ours, reference, theirs, ratio, target: target ?? 'reported', met: met ?? null });
  log(`${metric}: ours ${ours.toPrecision(4)} ${unit}, ${reference} ${theirs.toPrecision(4)}, ratio ${ratio.toFixed(2)}`);
}

const train = loadMnist('train', sizes.mlp);
const test = loadMnist('test', sizes.test);
const { engine, close } = await loadOurs();
const { tf, info } = await loadTf();
log(`${mode} run: MLP on ${train.count} images, CNN ${sizes.cnn}, LeNet ${sizes.lenet}, test ${test.count}, ${reps} reps; TF.js ${info.version} ${info.backend} simd=${info.simd} threads=${info.threads}`);

// ---- training: one epoch, A B A B …, medians ---------------------------------
async function training(name, architecture, set, batchSize, target, targetRatio, backend = 'wasm') {
  const ours = [], theirs = [];
  for (let r = 0; r < reps; ++r) {
    ours.push(trainOurs(engine, architecture, set, test, batchSize, r + 1));
    theirs.push(await trainTf(tf, architecture, set, test, batchSize, backend));
  }
  const o = median(ours.map((x) => x.samplesPerSecond)), t = median(theirs.map((x) => x.samplesPerSecond));
  const accOurs = median(ours.map((x) => x.accuracy)), accTf = median(theirs.map((x) => x.accuracy));
  const reference = backend === 'wasm' ? 'TF.js' : `TF.js ${backend}`;
  row(`${name} training, batch ${batchSize}`, 'samples/s', o, t, {
    reference, target, met: targetRatio === undefined ? null : o / t >= targetRatio && (name !== 'MLP' || accOurs >= accTf),
  });
  row(`${name} 1-epoch test accuracy, batch ${batchSize}`, 'accuracy', accOurs, accTf, { reference });
}

if (parts.has('mlp')) for (const batch of sizes.batches)
  await training('MLP', MLP, train, batch, batch === 64 ? '≥ 12×, accuracy ≥ TF.js' : undefined, batch === 64 ? 12 : undefined);
if (parts.has('cnn')) await training('small CNN', SMALL_CNN, slice(train, 0, Math.min(sizes.cnn, train.count)), 64, '≥ 5×', 5);
// LeNet's target (docs/performance.md): set from the 2026-12-01 run.
if (parts.has('cnn')) await training('LeNet', LENET, slice(train, 0, Math.min(sizes.lenet, train.count)), 64, '≥ 5×', 5);

// ---- inference ---------------------------------------------------------------
function inference(name, architecture, single) {
  const ours = engine.buildNetwork(architecture, 1);
  const theirs = tfModel(tf, architecture);
  try {
    if (single) {
      const image = test.inputs.slice(0, 784);
      const o = [], t = [];
      for (let r = 0; r < Math.max(reps, 3); ++r) {
        o.push(latencyOurs(ours, image, sizes.calls));
        t.push(latencyTf(tf, theirs, image, sizes.calls));
      }
      const mo = median(o), mt = median(t);
      row(`${name} single-image latency`, 'ms', mo, mt, { lowerIsBetter: true, target: '≤ ⅓ of TF.js', met: mo <= mt / 3 });
    }
    const o = [], t = [];
    for (let r = 0; r < reps; ++r) {
      o.push(inferOurs(ours, test, 1000));
      t.push(inferTf(tf, theirs, architecture, test, 1000));
    }
    const target = single ? 3 : 2;
    row(`${name} inference, ${test.count} in batches of 1000`, 'images/s', median(o), median(t), { target: `≥ ${target}×`, met: median(o) / median(t) >= target });
  } finally {
    ours.dispose();
    theirs.dispose();
  }
}
if (parts.has('infer')) {
  inference('MLP', MLP, true);
  inference('small CNN', SMALL_CNN, false);
}

// ---- GEMM: engine_bench in wasm (child process) against tf.matMul ------------
const gemmShapes = { 'nn 64x784x128': [64, 784, 128], 'tn 784x64x128': [784, 64, 128], 'nt 64x128x784': [64, 128, 784], 'nn 512^3': [512, 512, 512], 'tn 512^3': [512, 512, 512], 'nt 512^3': [512, 512, 512] };
const gemmOurs = {}, gemmTf = {};
for (let r = 0; r < (parts.has('gemm') ? reps : 0); ++r) {
  for (const line of engineBench('wasm', ['gemm', '--reps', '1', '--min-ms', String(sizes.gemmMs)])) (gemmOurs[line.case] ??= []).push(line.gflops);
  for (const [name, [m, k, n]] of Object.entries(gemmShapes)) (gemmTf[name] ??= []).push(matMulTf(tf, name.slice(0, 2), { m, k, n }, sizes.gemmMs));
}
for (const name of parts.has('gemm') ? Object.keys(gemmShapes) : []) {
  const o = median(gemmOurs[name]), t = median(gemmTf[name]);
  const nn = name.startsWith('nn');
  row(`wasm GEMM ${name}`, 'GFLOP/s', o, t, { target: nn ? '≥ 1.5× tf.matMul, ≥ 25 GFLOP/s' : '≥ 25 GFLOP/s', met: o >= 25 && (!nn || o / t >= 1.5) });
}
// The ceiling the GEMM rows are read against: engine_bench peak, a loop of
// independent f32x4 multiplies and adds in registers, in the same run.
let peak = null;
if (parts.has('gemm')) {
  const peaks = [];
  for (let r = 0; r < reps; ++r) peaks.push(engineBench('wasm', ['peak', '--reps', '1', '--min-ms', String(sizes.gemmMs)])[0].gflops);
  peak = median(peaks);
  log(`wasm f32x4 mul+add loop (engine_bench peak): ${peak.toFixed(2)} GFLOP/s; the GEMM rows as a share of it: ${Object.keys(gemmShapes).map((name) => `${name} ${((100 * median(gemmOurs[name])) / peak).toFixed(0)}%`).join(', ')}`);
}

// ---- native: engine_bench natively against itself in wasm, and OpenBLAS ------
if (parts.has('native')) {
  const native = [], wasm = [];
  for (let r = 0; r < reps; ++r) {
    const common = ['mlp', '--train', String(train.count), '--batch', '64', '--reps', '1'];
    native.push(engineBench('native', common)[0].samples_per_s);
    wasm.push(engineBench('wasm', common)[0].samples_per_s);
  }
  const o = median(native), t = median(wasm);
  row('native MLP training, batch 64 (engine_bench)', 'samples/s', o, t, { reference: 'our wasm', target: '≥ 2×', met: o / t >= 2 });
}
if (parts.has('native')) {
  const lines = engineBench('native', ['gemm', '--reps', String(reps), '--min-ms', String(sizes.gemmMs)]);
  for (const line of lines) {
    if (line.openblas_gflops === undefined) {
      log(`native GEMM ${line.case}: ${line.gflops} GFLOP/s (OpenBLAS not linked: run scripts/bench/setup.sh, then rebuild)`);
      continue;
    }
    row(`native GEMM ${line.case}`, 'GFLOP/s', line.gflops, line.openblas_gflops, { reference: 'OpenBLAS', target: '≥ 0.6×', met: line.gflops / line.openblas_gflops >= 0.6 });
  }
}

await close();

// ---- the table ---------------------------------------------------------------
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4));
const header = ['metric', 'unit', 'ours', 'reference', 'theirs', 'ratio', 'target', 'met'];
const table = rows.map((r) => [r.metric, r.unit, fmt(r.ours), r.reference, fmt(r.theirs), `${r.ratio.toFixed(r.unit === 'accuracy' ? 3 : 2)}×`, r.target, r.met === null ? '' : r.met ? 'yes' : 'no']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)].join('\n'));
console.log('ratio: ours ÷ reference (for latency, reference ÷ ours: higher is better for us)');
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), mode, reps, tfjs: info, sizes, wasm_mul_add_peak_gflops: peak, rows }, null, 2) + '\n');
log(`wrote ${out}`);
