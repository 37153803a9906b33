import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { emscriptenNodeBuiltins } from './vite.config';

// One page of the classroom file (scripts/build-classroom.mjs builds each of
// the three pages with this config, then joins them into glassbox.html). The
// page's JS and CSS come out inline in one HTML file (vite-plugin-singlefile,
// no code splitting); the training worker is inlined and started from a Blob
// URL; files the site would fetch are embedded by the join step instead.

const offline = (name: string): string => fileURLToPath(new URL(`./web/src/offline/${name}`, import.meta.url));

/**
 * Swaps the site's modules for the classroom ones: embedded files instead of
 * fetches, an inline worker instead of a fetched one, and no .wasm asset (the
 * engine gets the embedded bytes as `wasmBinary`).
 */
function classroomModules(): Plugin {
  const swaps = new Map([
    [offline('embedded.ts'), offline('embedded.classroom.ts')],
    [offline('training-worker.ts'), offline('training-worker.classroom.ts')],
  ]);
  const noWasm = '\0glassbox-classroom-no-wasm-url';
  return {
    name: 'glassbox:classroom-modules',
    enforce: 'pre',
    async resolveId(id, importer, options) {
      if (id.endsWith('glassbox.wasm?url')) return noWasm;
      if (importer === undefined || id.startsWith('\0')) return null;
      const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
      const swap = resolved === null ? undefined : swaps.get(resolved.id);
      return swap ?? null;
    },
    load(id) {
      return id === noWasm ? 'export default "glassbox.wasm";' : null;
    },
    // The loader's fallback name, new URL("glassbox.wasm", import.meta.url), would make Vite
    // inline the wasm as a data: URL into every page and the worker. It is never used:
    // loadEngine passes the bytes and locateFile.
    transform(code, id) {
      if (!id.endsWith('/glassbox.mjs')) return null;
      const fallback = 'new URL("glassbox.wasm",import.meta.url).toString()';
      if (!code.includes(fallback)) throw new Error(`classroom: ${id} no longer has ${fallback}; update vite.classroom.config.ts`);
      return { code: code.replace(fallback, '"glassbox.wasm"'), map: null };
    },
  };
}

/** The site's policy allows no inline code; the joined glassbox.html gets its own, hash-based one (build-classroom.mjs). */
function dropSitePolicy(): Plugin {
  return {
    name: 'glassbox:classroom-drop-site-csp',
    transformIndexHtml: { order: 'pre', handler: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '') },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  mode: 'classroom',
  // The models and MNIST are embedded by the join step, not copied.
  publicDir: false,
  plugins: [emscriptenNodeBuiltins(), classroomModules(), dropSitePolicy(), viteSingleFile()],
  // A classic worker in one file: a Blob-URL worker cannot import chunks.
  worker: { format: 'iife', plugins: () => [emscriptenNodeBuiltins(), classroomModules()] },
  build: {
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
