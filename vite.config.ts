import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The Emscripten module (environments web, worker and node) calls
 * require('fs') / require('path') in its node-only branch, which never runs in
 * a browser. Resolve them to an empty module instead of letting Vite warn on
 * every build that it "externalized" them.
 */
export function emscriptenNodeBuiltins(): Plugin {
  const empty = '\0glassbox-empty-node-builtin';
  return {
    name: 'glassbox:emscripten-node-builtins',
    enforce: 'pre',
    resolveId(id, importer) {
      if ((id === 'fs' || id === 'path') && importer?.endsWith('/glassbox.mjs')) return empty;
      return null;
    },
    load(id) {
      return id === empty ? 'export default {};' : null;
    },
  };
}

// The app lives in web/; `base: './'` keeps every URL relative so web/dist
// works from any static folder (GitHub Pages subpath, file server, USB stick).
export default defineConfig({
  // Absolute, so programmatic preview()/build() work from any working directory.
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  plugins: [emscriptenNodeBuiltins()],
  // The training worker is a module worker that imports the engine lazily (code splitting).
  worker: { format: 'es', plugins: () => [emscriptenNodeBuiltins()] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The wasm binary is ~100s of KB; never inline it as a data: URL.
    assetsInlineLimit: 0,
    // Three pages: the digits page, the playground and the lessons.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        playground: fileURLToPath(new URL('./web/playground.html', import.meta.url)),
        lessons: fileURLToPath(new URL('./web/lessons.html', import.meta.url)),
      },
    },
  },
  preview: {
    host: '127.0.0.1',
  },
});
