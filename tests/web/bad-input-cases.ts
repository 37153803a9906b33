// The bad-input table of issue 13, part 4: hostile calls through the JS
// facade. Each case must throw an Error with exactly `message`.
import { readFileSync } from 'node:fs';
import type { Engine, Network, TrainingData } from '../../web/src/engine';
import { MODEL } from './helpers/artifacts';

export interface BadCase {
  name: string;
  run: (engine: Engine, mlp: Network) => unknown;
  message: string;
}

const enc = new TextEncoder();

/** A safetensors file from a header object and `dataBytes` zero bytes of data. */
export function safetensors(header: unknown, dataBytes = 0): Uint8Array {
  const text = enc.encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

const small = { input: 3, layers: [{ type: 'dense', units: 2 }] };
const meta = (arch: unknown = small, version: unknown = '2') => ({ format: 'glassbox', format_version: version, architecture: JSON.stringify(arch) });
const tensors = () => ({
  'layers.0.weight': { dtype: 'F32', shape: [3, 2], data_offsets: [0, 24] },
  'layers.0.bias': { dtype: 'F32', shape: [2], data_offsets: [24, 32] },
});
/** The small model's file with `edit` applied to its header. */
function smallFile(edit: (h: Record<string, any>) => void): Uint8Array {
  const h: Record<string, any> = { __metadata__: meta(), ...tensors() };
  edit(h);
  return safetensors(h, 32);
}
function idx(type: number, dims: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, type, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d >>> 0, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

export function badCases(): Array<Omit<BadCase, 'message'>> {
  const cases: Array<Omit<BadCase, 'message'>> = [];
  const add = (name: string, run: BadCase['run']) => cases.push({ name, run });
  const model = new Uint8Array(readFileSync(MODEL));

  // ---- model files: hostile, truncated, lying headers ----
  add('empty file', (e) => e.networkFromSafetensors(new Uint8Array(0)));
  add('7 bytes', (e) => e.networkFromSafetensors(new Uint8Array(7)));
  add('8 zero bytes', (e) => e.networkFromSafetensors(new Uint8Array(8)));
  add('a PNG', (e) => e.networkFromSafetensors(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13])));
  add('header length 2^64-1', (e) => e.networkFromSafetensors(new Uint8Array(16).fill(255)));
  add('header length 2 MB', (e) => e.networkFromSafetensors(safetensors(' '.repeat(2 << 20))));
  add('header longer than the file', (e) => e.networkFromSafetensors(model.slice(0, 40)));
  for (const cut of [100, 1000, 5000, 100000, model.length - 4]) {
    add(`shipped model cut at ${cut} bytes`, (e) => e.networkFromSafetensors(model.slice(0, cut)));
  }
  add('header not JSON', (e) => e.networkFromSafetensors(safetensors('{nope')));
  add('header a list', (e) => e.networkFromSafetensors(safetensors('[1, 2]')));
  add('header a number', (e) => e.networkFromSafetensors(safetensors('42')));
  add('no __metadata__', (e) => e.networkFromSafetensors(safetensors({ ...tensors() }, 32)));
  add('__metadata__ a string', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__ = 'glassbox'; })));
  add('format a number', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__.format = 7; })));
  add('format pt', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__.format = 'pt'; })));
  add('format_version a number', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__.format_version = 2; })));
  add('format_version null', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__.format_version = null; })));
  add('format_version "3"', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__.format_version = '3'; })));
  add('format_version missing', (e) => e.networkFromSafetensors(smallFile((h) => { delete h.__metadata__.format_version; })));
  add('architecture an object', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__.architecture = small; })));
  add('architecture missing', (e) => e.networkFromSafetensors(smallFile((h) => { delete h.__metadata__.architecture; })));
  add('architecture not JSON', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__.architecture = '{'; })));
  add('__metadata__ nested 200,000 deep', (e) => e.networkFromSafetensors(safetensors(`{"__metadata__": {"x": ${'['.repeat(200000)}${']'.repeat(200000)}}}`)));
  add('architecture nested 20,000 deep', (e) => {
    let body = '{"type": "relu"}';
    for (let i = 0; i < 20000; i++) body = `{"type": "residual", "layers": [${body}]}`;
    return e.networkFromSafetensors(smallFile((h) => { h.__metadata__.architecture = `{"input": 3, "layers": [${body}]}`; }));
  });
  add('wrapping input [1, 2147483649, 784]', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__ = meta({ input: [1, 2147483649, 784], layers: [{ type: 'dense', units: 2 }] }); })));
  add('input 2^32 + 3 (wraps to 3)', (e) => e.networkFromSafetensors(smallFile((h) => { h.__metadata__ = meta({ input: 4294967299, layers: [{ type: 'dense', units: 2 }] }); })));
  add('architecture at the parameter limit, no tensors', (e) => e.networkFromSafetensors(safetensors({ __metadata__: meta({ input: 1000, layers: [{ type: 'dense', units: 65536 }] }) })));
  add('tensor missing', (e) => e.networkFromSafetensors(smallFile((h) => { delete h['layers.0.bias']; })));
  add('extra tensor', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.1.weight'] = { dtype: 'F32', shape: [1], data_offsets: [0, 4] }; })));
  add('tensor entry a number', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'] = 7; })));
  add('tensor entry null', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'] = null; })));
  add('unknown tensor field', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].offset = 3; })));
  for (const dtype of ['F16', 'F64', 'I32', 'BF16', 'f32', '']) {
    add(`dtype ${JSON.stringify(dtype)}`, (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].dtype = dtype; })));
  }
  add('dtype a number', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].dtype = 32; })));
  add('dtype missing', (e) => e.networkFromSafetensors(smallFile((h) => { delete h['layers.0.bias'].dtype; })));
  for (const shape of [[64.9], [2.5], [-2], [2, 1], [1, 2], [], [4294967298], ['2'], [null], [3, 2.0000001]]) {
    add(`bias shape ${JSON.stringify(shape)}`, (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].shape = shape; })));
  }
  add('shape a string', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].shape = '2'; })));
  add('shape with 9 axes', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].shape = [1, 1, 1, 1, 1, 1, 1, 1, 2]; })));
  add('shape missing', (e) => e.networkFromSafetensors(smallFile((h) => { delete h['layers.0.bias'].shape; })));
  add('weight shape transposed', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.weight'].shape = [2, 3]; })));
  for (const offsets of [[24, 36], [28, 36], [16, 24], [0, 8], [24], [24, 32, 40], [-8, 0], [24.5, 32.5], [32, 24], [4294967296, 4294967304]]) {
    add(`bias data_offsets ${JSON.stringify(offsets)}`, (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].data_offsets = offsets; })));
  }
  add('data_offsets a string', (e) => e.networkFromSafetensors(smallFile((h) => { h['layers.0.bias'].data_offsets = '24-32'; })));
  add('data_offsets missing', (e) => e.networkFromSafetensors(smallFile((h) => { delete h['layers.0.bias'].data_offsets; })));
  add('not bytes: a string', (e) => e.networkFromSafetensors('model' as unknown as Uint8Array));
  add('not bytes: null', (e) => e.networkFromSafetensors(null as unknown as Uint8Array));
  add('not bytes: a Float32Array', (e) => e.networkFromSafetensors(new Float32Array(4) as unknown as Uint8Array));
  add('not bytes: a plain array', (e) => e.networkFromSafetensors([1, 2, 3] as unknown as Uint8Array));

  // ---- architectures ----
  const arch = (name: string, a: unknown) => add(`architecture: ${name}`, (e) => e.buildNetwork(a as object));
  arch('not JSON text', '{');
  arch('a list', '[]');
  arch('no input', { layers: [{ type: 'dense', units: 2 }] });
  arch('input 0', { input: 0, layers: [{ type: 'dense', units: 2 }] });
  arch('input -1', { input: -1, layers: [{ type: 'dense', units: 2 }] });
  arch('input 2.5', { input: 2.5, layers: [{ type: 'dense', units: 2 }] });
  arch('input "3"', { input: '3', layers: [{ type: 'dense', units: 2 }] });
  arch('input NaN (null in JSON)', { input: NaN, layers: [{ type: 'dense', units: 2 }] });
  arch('input Infinity (null in JSON)', { input: Infinity, layers: [{ type: 'dense', units: 2 }] });
  arch('input with 4 axes', { input: [1, 1, 2, 2], layers: [{ type: 'dense', units: 2 }] });
  arch('input []', { input: [], layers: [{ type: 'dense', units: 2 }] });
  arch('input [0, 4]', { input: [0, 4], layers: [{ type: 'dense', units: 2 }] });
  arch('input 2^20 + 1', { input: 1048577, layers: [{ type: 'dense', units: 2 }] });
  arch('input [65536, 65536]', { input: [65536, 65536], layers: [{ type: 'dense', units: 2 }] });
  arch('input [1, 2147483649, 784]', { input: [1, 2147483649, 784], layers: [{ type: 'dense', units: 2 }] });
  arch('unknown top-level key', { input: 3, layers: [{ type: 'dense', units: 2 }], colour: 'red' });
  arch('no layers', { input: 3 });
  arch('layers []', { input: 3, layers: [] });
  arch('layers an object', { input: 3, layers: { type: 'dense' } });
  arch('65 layers', { input: 3, layers: Array.from({ length: 65 }, () => ({ type: 'relu' })) });
  arch('layer without type', { input: 3, layers: [{ units: 2 }] });
  arch('unknown layer type', { input: 3, layers: [{ type: 'capsule' }] });
  arch('layer type a number', { input: 3, layers: [{ type: 5 }] });
  arch('unknown field', { input: 3, layers: [{ type: 'dense', unitz: 2 }] });
  arch('units missing', { input: 3, layers: [{ type: 'dense' }] });
  for (const units of [0, -1, 2.5, 65537, 1e300, '2', true, null]) arch(`units ${JSON.stringify(units)}`, { input: 3, layers: [{ type: 'dense', units }] });
  arch('dropout rate 1', { input: 3, layers: [{ type: 'dropout', rate: 1 }, { type: 'dense', units: 2 }] });
  arch('dropout rate -0.1', { input: 3, layers: [{ type: 'dropout', rate: -0.1 }, { type: 'dense', units: 2 }] });
  arch('init unknown', { input: 3, layers: [{ type: 'dense', units: 2, init: 'magic' }] });
  arch('init a number', { input: 3, layers: [{ type: 'dense', units: 2, init: 3 }] });
  arch('loss unknown', { input: 3, loss: 'hinge', layers: [{ type: 'dense', units: 2 }] });
  arch('loss a number', { input: 3, loss: 1, layers: [{ type: 'dense', units: 2 }] });
  arch('softmax with one output', { input: 3, layers: [{ type: 'dense', units: 1 }] });
  arch('cross-entropy ending in relu', { input: 3, layers: [{ type: 'dense', units: 2 }, { type: 'relu' }] });
  arch('conv2d on a vector', { input: 4, layers: [{ type: 'conv2d', filters: 2, kernel: 3 }] });
  arch('conv2d kernel larger than the image', { input: [1, 4, 4], layers: [{ type: 'conv2d', filters: 2, kernel: 7 }, { type: 'flatten' }, { type: 'dense', units: 2 }] });
  arch('conv2d filters 0', { input: [1, 4, 4], layers: [{ type: 'conv2d', filters: 0, kernel: 3 }] });
  arch('maxpool larger than the image', { input: [1, 2, 2], layers: [{ type: 'maxpool2d', size: 4 }] });
  arch('residual without layers', { input: 3, layers: [{ type: 'residual' }] });
  arch('residual with layers []', { input: 3, layers: [{ type: 'residual', layers: [] }] });
  arch('vocabulary 0', { input: 3, vocabulary: 0, layers: [{ type: 'dense', units: 2 }] });
  arch('vocabulary 2^20 + 1', { input: 3, vocabulary: 1048577, layers: [{ type: 'dense', units: 2 }] });
  arch('vocabulary with an image input', { input: [1, 2, 2], vocabulary: 5, layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }] });
  arch('over the parameter limit', { input: 1024, layers: [{ type: 'dense', units: 65536 }] });
  arch('a dense weight over 2^28 values', { input: 65536, layers: [{ type: 'dense', units: 65536 }] });
  arch('2 MB of JSON', JSON.stringify(small) + ' '.repeat(2 << 20));
  add('architecture: a number', (e) => e.buildNetwork(42 as unknown as object));
  add('architecture: seed -1', (e) => e.buildNetwork(small, -1));
  add('architecture: seed NaN', (e) => e.buildNetwork(small, NaN));
  add('architecture: seed "1"', (e) => e.buildNetwork(small, '1' as unknown as number));

  // ---- a network's methods ----
  const withNet = (name: string, run: (n: Network) => unknown) => add(`network: ${name}`, (e) => {
    const net = e.buildNetwork(small);
    try { return run(net); } finally { net.dispose(); }
  });
  withNet('predict with 2 values', (n) => n.predict(new Float32Array(2)));
  withNet('predict with 4 values', (n) => n.predict(new Float32Array(4)));
  withNet('predict with a plain array', (n) => n.predict([1, 2, 3] as unknown as Float32Array));
  withNet('predict with a Float64Array', (n) => n.predict(new Float64Array(3) as unknown as Float32Array));
  withNet('predict with null', (n) => n.predict(null as unknown as Float32Array));
  withNet('predict with a string', (n) => n.predict('1,2,3' as unknown as Float32Array));
  withNet('forwardBatch count 0', (n) => n.forwardBatch(new Float32Array(3), 0));
  withNet('forwardBatch count -1', (n) => n.forwardBatch(new Float32Array(3), -1));
  withNet('forwardBatch count 1.5', (n) => n.forwardBatch(new Float32Array(3), 1.5));
  withNet('forwardBatch count NaN', (n) => n.forwardBatch(new Float32Array(3), NaN));
  withNet('forwardBatch count Infinity', (n) => n.forwardBatch(new Float32Array(3), Infinity));
  withNet('forwardBatch count "1"', (n) => n.forwardBatch(new Float32Array(3), '1' as unknown as number));
  withNet('forwardBatch count 2^32 + 1 (wraps to 1)', (n) => n.forwardBatch(new Float32Array(3), 4294967297));
  withNet('forwardBatch count 2 with 3 values', (n) => n.forwardBatch(new Float32Array(3), 2));
  withNet('weights of layer 5', (n) => n.weights(5, 'weight'));
  withNet('weights of layer -1', (n) => n.weights(-1, 'weight'));
  withNet('weights named "kernel"', (n) => n.weights(0, 'kernel'));
  withNet('weights with a numeric name', (n) => n.weights(0, 3 as unknown as string));
  withNet('setParameters with 3 values', (n) => n.setParameters(new Float32Array(3)));
  withNet('setParameters with a plain array', (n) => n.setParameters([0, 0, 0, 0, 0, 0, 0, 0] as unknown as Float32Array));
  withNet('topContributions of layer 9', (n) => n.topContributions(9, 3));
  withNet('topContributions k -1', (n) => n.topContributions(0, -1));
  withNet('trace with a wrong-sized target', (n) => n.trace(new Float32Array(3), new Float32Array(5)));
  withNet('trace with learning rate NaN', (n) => n.trace(new Float32Array(3), new Float32Array(2), NaN));
  withNet('exportModel as keras', (n) => n.exportModel('keras' as 'onnx', 'm.safetensors'));
  withNet('exportModel with a numeric format', (n) => n.exportModel(1 as unknown as 'onnx', 'm.safetensors'));
  withNet('exportModel with an empty file name', (n) => n.exportModel('pytorch', ''));
  withNet('exportModel with a file name over two lines', (n) => n.exportModel('pytorch', 'a\nb.safetensors'));
  withNet('exportModel with a null file name', (n) => n.exportModel('onnx', null as unknown as string));
  add('network: exportModel after dispose', (e) => { const n = e.buildNetwork(small); n.dispose(); return n.exportModel('onnx', 'm.safetensors'); });
  add('network: predict after dispose', (e) => { const n = e.buildNetwork(small); n.dispose(); return n.predict(new Float32Array(3)); });
  add('network: layers after dispose', (e) => { const n = e.buildNetwork(small); n.dispose(); return n.layers(); });
  add('network: toSafetensors after dispose', (e) => { const n = e.buildNetwork(small); n.dispose(); return n.toSafetensors(); });
  add('network: weights after dispose', (e) => { const n = e.buildNetwork(small); n.dispose(); return n.weights(0, 'weight'); });
  add('network: setParameters after dispose', (e) => { const n = e.buildNetwork(small); n.dispose(); return n.setParameters(new Float32Array(8)); });

  // ---- IDX ----
  add('idx: empty', (e) => e.readIdx(new Uint8Array(0)));
  add('idx: bad magic', (e) => e.readIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0])));
  add('idx: data type 0x0D', (e) => e.readIdx(idx(0x0d, [1], [0, 0, 0, 0])));
  add('idx: data type 0x09', (e) => e.readIdx(idx(0x09, [1], [0])));
  add('idx: rank 0', (e) => e.readIdx(idx(8, [], [])));
  add('idx: rank 5', (e) => e.readIdx(idx(8, [1, 1, 1, 1, 1], [1])));
  add('idx: truncated header', (e) => e.readIdx(new Uint8Array([0, 0, 8, 2, 0, 0])));
  add('idx: data shorter than the dimensions', (e) => e.readIdx(idx(8, [5], [1, 2])));
  add('idx: data longer than the dimensions', (e) => e.readIdx(idx(8, [1], [1, 2])));
  add('idx: dimensions of 2^32 - 1 each', (e) => e.readIdx(idx(8, [0xffffffff, 0xffffffff, 0xffffffff], [])));
  add('idx: not bytes', (e) => e.readIdx('idx' as unknown as Uint8Array));

  // ---- preprocessing ----
  const rgba = (w: number, h: number) => new Uint8Array(Math.max(0, w * h * 4));
  add('preprocess: width 0', (e) => e.preprocessDigit(rgba(0, 4), 0, 4));
  add('preprocess: height -1', (e) => e.preprocessDigit(rgba(4, 1), 4, -1));
  add('preprocess: width 2.5', (e) => e.preprocessDigit(rgba(4, 4), 2.5, 4));
  add('preprocess: width NaN', (e) => e.preprocessDigit(rgba(4, 4), NaN, 4));
  add('preprocess: width Infinity', (e) => e.preprocessDigit(rgba(4, 4), Infinity, 4));
  add('preprocess: width "28"', (e) => e.preprocessDigit(rgba(28, 28), '28' as unknown as number, 28));
  add('preprocess: width 8193', (e) => e.preprocessDigit(rgba(1, 1), 8193, 1));
  add('preprocess: 65536 × 65536 (wraps in 32 bits)', (e) => e.preprocessDigit(rgba(1, 1), 65536, 65536));
  add('preprocess: too few bytes', (e) => e.preprocessDigit(rgba(2, 2), 4, 4));
  add('preprocess: too many bytes', (e) => e.preprocessDigit(rgba(8, 8), 4, 4));
  add('preprocess: a Float32Array', (e) => e.preprocessDigit(new Float32Array(64) as unknown as Uint8Array, 4, 4));
  add('preprocess: a plain array', (e) => e.preprocessDigit([0, 0, 0, 0] as unknown as Uint8Array, 1, 1));

  // ---- problems ----
  add('problem: unknown name', (e) => e.makeProblem('nosuch'));
  add('problem: name a number', (e) => e.makeProblem(3 as unknown as string));
  add('problem: unknown option', (e) => e.makeProblem('xor', { colour: 'red' } as object));
  add('problem: seed -1', (e) => e.makeProblem('spirals', { seed: -1 }));
  add('problem: samples 5', (e) => e.makeProblem('spirals', { samples: 5 } as object));
  add('problem: classes 9', (e) => e.makeProblem('blobs', { classes: 9 } as object));
  add('problem: noise NaN', (e) => e.makeProblem('spirals', { noise: NaN } as object));

  // ---- training ----
  const data = { inputs: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), targets: new Float32Array([0, 1, 1, 0]), count: 4 };
  const mlp = { sizes: [2, 4, 1], loss: 'binary_cross_entropy' as const };
  const train = (name: string, run: (e: Engine) => { dispose(): void }) => add(`training: ${name}`, (e) => run(e).dispose());
  train('learning rate 0', (e) => e.startTraining(mlp, data, { learningRate: 0 }));
  train('learning rate -1', (e) => e.startTraining(mlp, data, { learningRate: -1 }));
  train('learning rate NaN', (e) => e.startTraining(mlp, data, { learningRate: NaN }));
  train('learning rate Infinity', (e) => e.startTraining(mlp, data, { learningRate: Infinity }));
  train('learning rate "0.1"', (e) => e.startTraining(mlp, data, { learningRate: '0.1' as unknown as number }));
  train('batch size 0', (e) => e.startTraining(mlp, data, { batchSize: 0 }));
  train('batch size 1.5', (e) => e.startTraining(mlp, data, { batchSize: 1.5 }));
  train('batch size 2^32', (e) => e.startTraining(mlp, data, { batchSize: 4294967296 }));
  train('optimizer unknown', (e) => e.startTraining(mlp, data, { optimizer: 'lion' as 'adam' }));
  train('unknown option key', (e) => e.startTraining(mlp, data, { learningRat: 0.1 } as object));
  train('momentum 1.5', (e) => e.startTraining(mlp, data, { optimizer: 'momentum', momentum: 1.5 }));
  train('beta1 1', (e) => e.startTraining(mlp, data, { optimizer: 'adam', beta1: 1 }));
  train('seed -1', (e) => e.startTraining(mlp, data, { seed: -1 }));
  train('l2 -1', (e) => e.startTraining(mlp, data, { l2: -1 }));
  train('schedule unknown', (e) => e.startTraining(mlp, data, { schedule: { kind: 'zigzag' as 'step' } }));
  train('sizes [2]', (e) => e.startTraining({ sizes: [2] }, data));
  train('sizes [2, 0, 1]', (e) => e.startTraining({ sizes: [2, 0, 1] }, data));
  train('sizes with 2.5', (e) => e.startTraining({ sizes: [2, 2.5, 1] }, data));
  train('dropout 1', (e) => e.startTraining({ ...mlp, dropout: 1 }, data));
  train('activation unknown', (e) => e.startTraining({ ...mlp, activation: 'bogus' as 'relu' }, data));
  train('count 0', (e) => e.startTraining(mlp, { ...data, count: 0 }));
  train('count 5 with 4 samples', (e) => e.startTraining(mlp, { ...data, count: 5 }));
  train('count -1', (e) => e.startTraining(mlp, { ...data, count: -1 }));
  train('inputs a plain array', (e) => e.startTraining(mlp, { ...data, inputs: [0, 0, 0, 1, 1, 0, 1, 1] as unknown as Float32Array }));
  train('inputs with NaN', (e) => e.startTraining(mlp, { ...data, inputs: new Float32Array([NaN, 0, 0, 1, 1, 0, 1, 1]) }));
  train('targets with Infinity', (e) => e.startTraining(mlp, { ...data, targets: new Float32Array([0, 1, Infinity, 0]) }));
  train('class id -2', (e) => e.startTraining({ sizes: [2, 3] }, { ...data, targets: new Int32Array([0, 1, -2, 0]) }));
  train('class id 3 of 3 classes', (e) => e.startTraining({ sizes: [2, 3] }, { ...data, targets: new Int32Array([0, 1, 3, 0]) }));
  add('training: evaluate with class id 7 of 3 classes', (e) => {
    const session = e.startTraining({ sizes: [2, 3] }, { ...data, targets: new Int32Array([0, 1, 2, 0]) });
    try {
      session.evaluate({ ...data, targets: new Int32Array([0, 7, 2, 0]) });
    } finally {
      session.dispose();
    }
  });
  train('json architecture not JSON', (e) => e.startTraining({ json: '{' }, data));
  train('idx images not IDX', (e) => e.startTraining({ sizes: [784, 10] }, { idxImages: new Uint8Array(4), idxLabels: new Uint8Array(4) }));
  train('idx labels out of range', (e) => e.startTraining({ sizes: [4, 10] }, { idxImages: idx(8, [1, 2, 2], [0, 0, 0, 0]), idxLabels: idx(8, [1], [12]) }));
  train('idx counts disagree', (e) => e.startTraining({ sizes: [4, 10] }, { idxImages: idx(8, [1, 2, 2], [0, 0, 0, 0]), idxLabels: idx(8, [2], [1, 2]) }));
  train('idx images with a zero axis', (e) => e.startTraining({ sizes: [4, 10] }, { idxImages: idx(8, [3, 0, 4], []), idxLabels: idx(8, [3], [1, 2, 3]) }));

  // ---- the sequence metrics (gradient through time, standing) ----
  const seq = (name: string, run: (e: Engine, session: ReturnType<Engine['startTraining']>, d: ReturnType<Engine['makeSequenceTask']>) => unknown) =>
    add(`sequence metrics: ${name}`, (e) => {
      const d = e.makeSequenceTask('parity', { length: 4, trainSamples: 8, testSamples: 4 });
      const session = e.startTraining({ json: e.sequenceArchitecture('parity', 'rnn', 3, 4) }, d.train, { seed: 1 });
      try {
        return run(e, session, d);
      } finally {
        session.dispose();
      }
    });
  seq('gradient through time of count NaN', (_, s, d) => s.gradientThroughTime(d.test, NaN));
  seq('gradient through time of count 1e9', (_, s, d) => s.gradientThroughTime(d.test, 1e9));
  seq('gradient through time of data null', (_, s) => s.gradientThroughTime(null as unknown as TrainingData, 4));
  seq('gradient through time of a class id 9', (_, s, d) => s.gradientThroughTime({ ...d.test, targets: new Int32Array([0, 1, 9, 0]) }, 4));
  add('sequence metrics: standing of task 5', (e) => e.sequenceStanding(5 as unknown as string, 0.5, 0.5));
  add('sequence metrics: standing with baseline Infinity', (e) => e.sequenceStanding('adding', 0.5, Infinity));
  return cases;
}
