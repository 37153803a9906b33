// The two contestants, loaded into this one node process: our wasm engine
// through the web facade (web/src/engine, as the site uses it; Vite's SSR
// loader resolves its `?url` import), and TF.js 4.22 on its wasm backend
// (SIMD, one thread). Plus the engine_bench executables (bench/), native and
// wasm, run as child processes.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WASM_DIR = join(ROOT, 'web/src/engine/wasm');

function need(path, how) {
  if (!existsSync(path)) throw new Error(`${path.slice(ROOT.length + 1)} is missing; ${how}`);
  return path;
}

/** Our engine through the facade; `close()` stops the Vite loader. */
export async function loadOurs() {
  need(join(WASM_DIR, 'glassbox.mjs'), 'run `npm run build` (or scripts/bench/run.sh) first');
  // The Emscripten ES6 output's node path uses CommonJS require and __dirname.
  globalThis.require ??= createRequire(import.meta.url);
  globalThis.__dirname ??= WASM_DIR;
  const { createServer } = await import('vite');
  const server = await createServer({
    root: ROOT, configFile: false, logLevel: 'error', appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const { loadEngine } = await server.ssrLoadModule('/web/src/engine/index.ts');
  const engine = await loadEngine({ wasmBinary: readFileSync(join(WASM_DIR, 'glassbox.wasm')) });
  return { engine, close: () => server.close() };
}

/** TF.js on its wasm backend, one thread. */
export async function loadTf() {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
  wasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js: the wasm backend did not start');
  registerConv2dFilterGradient(tf);
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { tf, info: { version: tf.version.tfjs, backend: tf.getBackend(), simd, threads: wasm.getThreadsCount() } };
}

/**
 * TF.js 4.22's wasm backend has no Conv2DBackpropFilter (the weight gradient
 * of conv2d), so model.fit of a CNN throws. Fill it with the same backend's
 * own Conv3DBackpropFilterV2 on a depth-1 view of the same buffers (NHWC →
 * N,1,H,W,C and the filter 1,kh,kw,ci,co): the arithmetic is TF.js's wasm C++,
 * only the shapes are relabelled. Dilation 1 and NHWC only, which is what the
 * benchmark's models use.
 */
function registerConv2dFilterGradient(tf) {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm').kernelFunc;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs: { x, dy }, backend, attrs }) => {
      const { strides, pad, dataFormat, dilations, filterShape } = attrs;
      const unit = (d) => d === undefined || d === 1 || (Array.isArray(d) && d.every((v) => v === 1));
      if ((dataFormat && dataFormat !== 'NHWC') || !unit(dilations) || typeof pad !== 'string') {
        throw new Error('bench Conv2DBackpropFilter: NHWC, dilation 1 and same/valid padding only');
      }
      const depth1 = (t) => ({ dataId: t.dataId, dtype: t.dtype, shape: [t.shape[0], 1, ...t.shape.slice(1)] });
      const dw = conv3d({ inputs: { x: depth1(x), dy: depth1(dy) }, backend, attrs: { strides: [1, ...strides], pad, filterShape: [1, ...filterShape] } });
      return { dataId: dw.dataId, dtype: dw.dtype, shape: filterShape };
    },
  });
}

export const NATIVE_BENCH = join(ROOT, 'build/native-release/bench/engine_bench');
export const WASM_BENCH = join(ROOT, 'build/wasm-release/bench/engine_bench.js');

/** Runs engine_bench (native or wasm in node) and parses its JSON lines. */
export function engineBench(which, args) {
  const [command, argv] = which === 'native'
    ? [need(NATIVE_BENCH, 'build the native-release preset'), args]
    // (Emscripten 3.1.6's loader reads the .wasm with fetch when node has it,
    // which fails on a file path: the same flag the wasm ctest runner uses.)
    : [process.execPath, ['--no-experimental-fetch', need(WASM_BENCH, 'build the wasm-release preset'), ...args]];
  const out = execFileSync(command, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
