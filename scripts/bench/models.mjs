// The benchmark's three models, once in the engine's JSON format and once as
// TF.js layers, layer for layer: same shapes, ReLU, He-normal weights, zero
// biases, softmax cross-entropy.
export const MLP = {
  input: [784],
  loss: 'softmax_cross_entropy',
  layers: [
    { type: 'dense', units: 128 }, { type: 'relu' },
    { type: 'dense', units: 64 }, { type: 'relu' },
    { type: 'dense', units: 10 },
  ],
};

// conv 5×5×8, pool, conv 5×5×16, pool, dense 10 (valid convolutions:
// 28 → 24 → 12 → 8 → 4, so the dense layer reads 16·4·4 = 256 features).
export const SMALL_CNN = {
  input: [1, 28, 28],
  loss: 'softmax_cross_entropy',
  layers: [
    { type: 'conv2d', filters: 8, kernel: 5 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 16, kernel: 5 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};

/** A TF.js model equal in shape to one of ours (conv/dense/relu/maxpool2d/flatten only). */
export function tfModel(tf, architecture) {
  const model = tf.sequential();
  const [first] = architecture.input.length === 1 ? [[architecture.input[0]]] : [[architecture.input[1], architecture.input[2], architecture.input[0]]];
  let inputShape = first;
  const layers = architecture.layers;
  for (let i = 0; i < layers.length; ++i) {
    const spec = layers[i];
    const relu = layers[i + 1]?.type === 'relu';
    const common = inputShape ? { inputShape } : {};
    inputShape = undefined;
    if (spec.type === 'dense') {
      const last = i === layers.length - 1;
      model.add(tf.layers.dense({ ...common, units: spec.units, activation: last ? 'softmax' : relu ? 'relu' : 'linear', kernelInitializer: 'heNormal' }));
    } else if (spec.type === 'conv2d') {
      model.add(tf.layers.conv2d({ ...common, filters: spec.filters, kernelSize: spec.kernel, padding: spec.padding ? 'same' : 'valid', activation: relu ? 'relu' : 'linear', kernelInitializer: 'heNormal' }));
    } else if (spec.type === 'maxpool2d') {
      model.add(tf.layers.maxPooling2d({ ...common, poolSize: spec.size, strides: spec.size }));
    } else if (spec.type === 'flatten') {
      model.add(tf.layers.flatten(common));
    } else if (spec.type !== 'relu') {
      throw new Error(`tfModel: no TF.js twin for layer type ${spec.type}`);
    }
  }
  return model;
}
