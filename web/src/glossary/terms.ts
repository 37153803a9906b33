// The glossary: every symbol and term the site shows, defined once, in plain
// words. The lessons and the playground's labels read their tooltips from here.

export interface Term {
  /** What is shown on the page, e.g. "∂L/∂w". */
  label: string;
  /** One or two short sentences. */
  definition: string;
}

export const TERMS = {
  neuron: { label: 'neuron', definition: 'Multiplies each input by a weight, adds them up with a bias, and passes the sum z through an activation function.' },
  input: { label: 'input', definition: 'A number fed into the neuron, here a score from 0 to 1 such as "how good is the weather".' },
  weight: { label: 'weight', definition: 'How much one input matters. A large positive weight pushes the output up; a negative one pushes it down.' },
  bias: { label: 'bias', definition: 'A number added to the weighted sum whatever the inputs are: the neuron\'s baseline leaning towards yes or no.' },
  wa: { label: 'w·a', definition: 'One weighted input: a weight w times the activation a (or input x) it multiplies.' },
  z: { label: 'z', definition: 'The weighted sum before the activation: z = w₁x₁ + w₂x₂ + … + b.' },
  a: { label: 'a', definition: 'An activation: a neuron\'s output after its activation function, a = f(z).' },
  sigmoid: { label: 'sigmoid', definition: 'The activation σ(z) = 1 / (1 + e^(−z)): squashes any number into (0, 1). σ(0) = 0.5.' },
  sigma: { label: 'σ', definition: 'The Greek letter sigma, the usual name of the sigmoid function.' },
  activation: { label: 'activation function', definition: 'The non-linear function applied to z (sigmoid, tanh, ReLU…). Without it, stacked layers collapse into one straight line.' },
  boundary: { label: 'decision boundary', definition: 'Where the output crosses 0.5: one side is read as 1, the other as 0. For one neuron it is a straight line.' },
  linear: { label: 'linearly separable', definition: 'Two classes that one straight line (a flat plane, in more dimensions) can separate. AND is; XOR is not.' },
  xor: { label: 'XOR', definition: 'Exclusive or: 1 when exactly one of the two inputs is 1, else 0.' },
  and: { label: 'AND', definition: '1 only when both inputs are 1.' },
  hidden: { label: 'hidden layer', definition: 'A layer between the inputs and the output. Its neurons compute new features that the next layer combines.' },
  layer: { label: 'layer', definition: 'A group of neurons that all read the same inputs; its outputs feed the next layer.' },
  matrix: { label: 'matrix', definition: 'A table of numbers. A layer\'s weights W form one: a row per input, a column per neuron.' },
  X: { label: 'X', definition: 'The batch of inputs as a matrix: one row per sample, one column per input feature.' },
  W: { label: 'W', definition: 'A layer\'s weight matrix: W[i][j] is the weight from input i to neuron j.' },
  b: { label: 'b', definition: 'The bias vector: one bias per neuron, added to every row.' },
  XWb: { label: 'X·W + b', definition: 'Every weighted sum of a layer for every sample at once: row n of the result is sample n\'s z.' },
  WT: { label: 'Wᵀ', definition: 'W transposed (rows and columns swapped). Backprop uses it to send errors from a layer back to its inputs.' },
  hadamard: { label: '⊙', definition: 'Element-wise product: multiply two vectors or matrices entry by entry.' },
  batch: { label: 'batch', definition: 'A group of samples processed together in one matrix product; one training step uses one batch.' },
  sample: { label: 'sample', definition: 'One example: its inputs and the target the network should output.' },
  target: { label: 'target', definition: 'The right answer for a sample, written y or t.' },
  prediction: { label: 'prediction', definition: 'What the network outputs for a sample, ŷ.' },
  loss: { label: 'loss', definition: 'One number that says how wrong the network is: 0 means perfect. Training makes it smaller.' },
  L: { label: 'L', definition: 'The loss, as a function of the weights: L(w).' },
  mse: { label: 'MSE', definition: 'Mean squared error: the average of (prediction − target)². Big mistakes count much more than small ones.' },
  gradient: { label: 'gradient', definition: 'The slope of the loss for each weight: which way, and how steeply, the loss goes up when that weight grows.' },
  dLdw: { label: '∂L/∂w', definition: 'The partial derivative of the loss with respect to one weight w: how much L changes per unit change of w, all else held fixed.' },
  dLdz: { label: '∂L/∂z', definition: 'How much the loss changes when this neuron\'s z changes. Backprop calls it δ.' },
  delta: { label: 'δ', definition: 'Delta, a neuron\'s error signal ∂L/∂z. Backprop computes it layer by layer from the output back.' },
  chain: { label: 'chain rule', definition: 'To differentiate through a chain of steps, multiply the derivatives of each step: ∂L/∂w = ∂L/∂z · ∂z/∂w.' },
  backprop: { label: 'backpropagation', definition: 'Computes every gradient in one backward sweep with the chain rule, from the loss back to the first layer.' },
  descent: { label: 'gradient descent', definition: 'Change each weight a little against its gradient, w ← w − η·∂L/∂w, and repeat: the loss goes downhill.' },
  lr: { label: 'learning rate', definition: 'η (eta): the size of each gradient-descent step. Too small is slow; too large overshoots and can diverge.' },
  eta: { label: 'η', definition: 'Eta, the learning rate: the step size of gradient descent.' },
  epoch: { label: 'epoch', definition: 'One pass over the whole training set.' },
  step: { label: 'step', definition: 'One update of the weights, from one batch.' },
  diverge: { label: 'diverge', definition: 'Training diverges when steps overshoot so far that the loss grows without limit instead of shrinking.' },
  seed: { label: 'seed', definition: 'The starting number of the random generator: the same seed gives the same initial weights and the same run.' },
  init: { label: 'initialization', definition: 'How the weights are set before training, usually small random numbers.' },
  sgd: { label: 'SGD', definition: 'Stochastic gradient descent: plain steps w ← w − η·gradient, one batch at a time.' },
  adam: { label: 'Adam', definition: 'An optimizer that keeps running averages of each gradient (m) and its square (v) and scales every step by them.' },
  adamw: { label: 'AdamW', definition: 'Adam with decoupled weight decay: weights also shrink a little each step, separately from the gradient.' },
  l1l2: { label: 'L1/L2', definition: 'Penalties on weight size added to the loss: L1 (sum of |w|) pushes weights to exactly 0, L2 (sum of w²) keeps them small.' },
  dropout: { label: 'dropout', definition: 'During training, randomly switch off a fraction of neurons each step, so the network cannot rely on any single one.' },
  optimizer: { label: 'optimizer', definition: 'The rule that turns gradients into weight changes: plain SGD, or a variant that adds momentum or per-weight step sizes.' },
  momentum: { label: 'momentum', definition: 'SGD that keeps a running sum of past steps, so it rolls through small bumps and speeds up on long slopes.' },
  nesterov: { label: 'Nesterov', definition: 'Momentum that takes its gradient a step ahead, where the momentum is about to carry the weights.' },
  adagrad: { label: 'Adagrad', definition: 'Divides each weight\'s step by the root of the sum of all its past squared gradients: steps shrink over time.' },
  rmsprop: { label: 'RMSprop', definition: 'Divides each weight\'s step by a running average of its recent squared gradients.' },
  bce: { label: 'binary cross-entropy', definition: 'Loss for yes/no outputs: −[t log p + (1 − t) log(1 − p)], with p = σ(z). Confident wrong answers cost a lot.' },
  cce: { label: 'softmax cross-entropy', definition: 'Loss for one-of-many classes: −log of the probability softmax gives the right class.' },
  huber: { label: 'Huber', definition: 'Squared error for small mistakes, absolute error for large ones: less thrown by outliers than MSE.' },
  targetLoss: { label: 'stop at loss', definition: 'Training stops by itself once the loss falls below this value (0 turns the rule off).' },
  mnist: { label: 'MNIST', definition: '70,000 handwritten digits, 28 × 28 grey pixels each: 60,000 to train on and 10,000 to test.' },
  cnn: { label: 'CNN', definition: 'Convolutional neural network: small filters slide over the image and detect the same pattern anywhere in it.' },
  accuracy: { label: 'accuracy', definition: 'The fraction of samples the network gets right.' },
  gradNorm: { label: '‖∂L/∂W‖', definition: 'The size (Euclidean norm) of a weight matrix\'s gradient: near 0 means that layer barely learns (a vanishing gradient).' },
  lambda: { label: 'λ', definition: 'Lambda, the strength of a weight penalty: L2 adds ½λ·Σw² to the loss, so each step also pulls every weight towards 0 by η·λ·w.' },
  relu: { label: 'ReLU', definition: 'The activation max(0, z): passes positive sums, zeroes negative ones. Its slope is 1 or 0, so gradients do not shrink through it.' },
  leakyRelu: { label: 'leaky ReLU', definition: 'Like ReLU, but negative sums keep a small slope (0.01·z), so a neuron is never completely switched off.' },
  gelu: { label: 'GELU', definition: 'z·Φ(z), with Φ the normal distribution\'s cumulative probability: a smooth ReLU, used in transformers.' },
  residual: { label: 'residual block', definition: 'y = x + f(x): the block\'s input is added back to its output, so the gradient has a direct path around f.' },
  layernorm: { label: 'LayerNorm', definition: 'Rescales each sample\'s features to mean 0 and variance 1, then applies a learned scale and shift.' },
  batchnorm: { label: 'BatchNorm', definition: 'Rescales each feature to mean 0 and variance 1 over the batch (running averages at test time), then a learned scale and shift.' },
  warmup: { label: 'warmup', definition: 'The learning rate starts small and grows linearly to η over the first W steps: η(t) = η·(t + 1)/W.' },
  clipping: { label: 'gradient clipping', definition: 'When the gradient\'s global norm ‖g‖ exceeds c, scale it down to c: g ← g·c/‖g‖. One bad batch can no longer throw the weights far.' },
  earlyStopping: { label: 'early stopping', definition: 'Stop training when the validation loss has not improved for `patience` epochs, and keep the weights of the best epoch.' },
  validation: { label: 'validation set', definition: 'Samples kept out of training and out of the test set, used to decide when to stop.' },
  parameters: { label: 'parameters', definition: 'Every number training changes: all weights and biases.' },
  overfitting: { label: 'overfitting', definition: 'The network memorises its training samples (train accuracy near 100%) but does worse on samples it has not seen.' },
  verdict: { label: 'verdict', definition: 'Holds: our numbers agree with the claim. Holds partly: the direction agrees, the size does not. Does not hold here: our numbers contradict it.' },
} as const satisfies Record<string, Term>;

export type TermKey = keyof typeof TERMS;

export function isTermKey(key: string): key is TermKey {
  return Object.hasOwn(TERMS, key);
}
