import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy, emscriptenNodeBuiltins } from './vite.config';

/** Copies web/widget-demo.html next to the widget, where its relative script URL points. */
function demoPage(): Plugin {
  return {
    name: 'glassbox:widget-demo',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'widget-demo.html', source: readFileSync(new URL('./web/widget-demo.html', import.meta.url), 'utf8') });
    },
  };
}

// <glassbox-playground> as its own library build: web/dist/widget/
// glassbox-playground.js (one ES module, CSS inlined into the shadow root),
// the engine's .wasm in assets/ (resolved relative to the script, so the folder
// can be copied anywhere) and the demo page. Runs after the site's build,
// which empties web/dist.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  // The site's public/ folder (models, MNIST) is not the widget's.
  publicDir: false,
  // The demo page has its own policy (its <style> by hash): checked, not compared with the site's.
  plugins: [emscriptenNodeBuiltins(), demoPage(), contentSecurityPolicy(null)],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    // Not library mode: that inlines every asset, the 1 MB wasm as base64 (twice).
    // A plain build with a script entry keeps the .wasm a file, found relative to the script.
    rollupOptions: {
      input: fileURLToPath(new URL('./web/src/widget/index.ts', import.meta.url)),
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: 'glassbox-playground.js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
