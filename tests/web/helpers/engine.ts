// Loads the real wasm module in node through the web facade. The node-only
// shims live here, never in web/src.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Engine } from '../../../web/src/engine';
import { WASM_BINARY, WASM_DIR, WASM_JS, requireArtifact } from './artifacts';

let engine: Promise<Engine> | undefined;

/**
 * The Emscripten ES6 output's node path uses CommonJS `require` and
 * `__dirname`, which ES modules lack; define them before the module loads.
 */
function installNodeShims(): void {
  const global = globalThis as Record<string, unknown>;
  global.require ??= createRequire(import.meta.url);
  global.__dirname ??= WASM_DIR;
}

/** One engine per test file (the module is ~ms to instantiate, but there is no need for more). */
export function loadTestEngine(): Promise<Engine> {
  engine ??= (async () => {
    requireArtifact(WASM_JS, 'The wasm module');
    const wasmBinary = readFileSync(requireArtifact(WASM_BINARY, 'The wasm binary'));
    installNodeShims();
    const { loadEngine } = await import('../../../web/src/engine');
    return loadEngine({ wasmBinary });
  })();
  return engine;
}
