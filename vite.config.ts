import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The app lives in web/; `base: './'` keeps every URL relative so web/dist
// works from any static folder (GitHub Pages subpath, file server, USB stick).
export default defineConfig({
  // Absolute, so programmatic preview()/build() work from any working directory.
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The wasm binary is ~100s of KB; never inline it as a data: URL.
    assetsInlineLimit: 0,
  },
  preview: {
    host: '127.0.0.1',
  },
});
