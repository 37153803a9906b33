import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { SITE_POLICY, checkPagePolicy, metaPolicy } from './scripts/csp.mjs';

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

/**
 * The Content-Security-Policy meta of every page (scripts/csp.mjs). The build
 * fails when an emitted page lacks it, has another policy than `expected`, or
 * has an inline script or style it does not allow by hash. The dev server
 * injects CSS as inline <style> for hot reload, so there the meta is dropped.
 */
export function contentSecurityPolicy(expected: string | null = SITE_POLICY): Plugin[] {
  return [
    {
      name: 'glassbox:csp-dev',
      apply: 'serve',
      transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
    },
    {
      name: 'glassbox:csp-check',
      apply: 'build',
      enforce: 'post',
      generateBundle(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
          const html = typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
          checkPagePolicy(file.fileName, html);
          if (expected !== null && metaPolicy(html) !== expected) {
            this.error(`${file.fileName}: its Content-Security-Policy is not SITE_POLICY (scripts/csp.mjs): ${metaPolicy(html)}`);
          }
        }
      },
    },
  ];
}

/**
 * The largest file the service worker precaches. The biggest today is
 * data/train-images-idx3-ubyte.gz (9.8 MB). A file over the limit fails the
 * build (vite-plugin-pwa throws unless showMaximumFileSizeToCacheInBytesWarning
 * is set) instead of being left out of the offline site. GLASSBOX_PRECACHE_LIMIT
 * overrides it (the test that holds this rule uses it).
 */
export const PRECACHE_LIMIT_BYTES = Number(process.env.GLASSBOX_PRECACHE_LIMIT ?? 10 * 1024 * 1024);

/**
 * Workbox leaves .wasm (and our .safetensors and .gz) out of the precache
 * unless the patterns name them (vite-plugin-pwa #308).
 */
export const PRECACHE_PATTERNS = ['**/*.{html,js,css,svg,webmanifest,wasm,json,safetensors,gz}'];

/** The installable offline site: a web manifest and a Workbox service worker that precaches everything. */
function offlineSite(): Plugin[] {
  return VitePWA({
    registerType: 'autoUpdate',
    // A file, not an inline script: the pages' policy allows no inline script.
    injectRegister: 'script',
    manifest: {
      name: 'Glassbox: a neural network you can see through',
      short_name: 'Glassbox',
      description: 'Draw a digit and watch a real network answer; train networks, step through backprop, and read the lessons, offline.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#000000',
      theme_color: '#000000',
      icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
    },
    workbox: {
      globPatterns: PRECACHE_PATTERNS,
      maximumFileSizeToCacheInBytes: PRECACHE_LIMIT_BYTES,
      // The playground keeps its setup in ?query; serve the precached page for any query.
      ignoreURLParametersMatching: [/.*/],
      // The widget (web/dist/widget/, built before this: scripts/build.sh) is precached with the rest;
      // a widget/ URL that is not a file must not get the digit page instead.
      navigateFallbackDenylist: [/\/widget\//],
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: true,
    },
  });
}

/**
 * Empties web/dist before the site's build, except widget/: the widget
 * (vite.widget.config.ts) is built first so the service worker's precache
 * manifest, made at the end of this build, lists its files too.
 */
function emptyDistExceptWidget(): Plugin {
  // The resolved output folder: a caller may build elsewhere (tests/web/precache-limit.test.ts).
  let outDir: string | null = null;
  return {
    name: 'glassbox:empty-dist-except-widget',
    apply: 'build',
    configResolved(config) {
      // A caller that asks for emptyOutDir gets Vite's own emptying instead.
      outDir = config.build.emptyOutDir === true ? null : config.build.outDir;
    },
    buildStart() {
      if (outDir === null || !existsSync(outDir)) return;
      for (const entry of readdirSync(outDir)) if (entry !== 'widget') rmSync(join(outDir, entry), { recursive: true, force: true });
    },
  };
}

// The app lives in web/; `base: './'` keeps every URL relative so web/dist
// works from any static folder (GitHub Pages subpath, file server, USB stick).
export default defineConfig({
  // Absolute, so programmatic preview()/build() work from any working directory.
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  plugins: [emscriptenNodeBuiltins(), emptyDistExceptWidget(), offlineSite(), contentSecurityPolicy()],
  // The training worker is a module worker that imports the engine lazily (code splitting).
  worker: { format: 'es', plugins: () => [emscriptenNodeBuiltins()] },
  build: {
    outDir: 'dist',
    // emptyDistExceptWidget empties it, keeping the widget built before.
    emptyOutDir: false,
    target: 'es2022',
    // The wasm binary is ~100s of KB; never inline it as a data: URL.
    assetsInlineLimit: 0,
    // Six pages: the digits page, the playground, the lessons, the Lab, Sequences and Attention.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        playground: fileURLToPath(new URL('./web/playground.html', import.meta.url)),
        lessons: fileURLToPath(new URL('./web/lessons.html', import.meta.url)),
        lab: fileURLToPath(new URL('./web/lab.html', import.meta.url)),
        sequences: fileURLToPath(new URL('./web/sequences.html', import.meta.url)),
        attention: fileURLToPath(new URL('./web/attention.html', import.meta.url)),
      },
    },
  },
  preview: {
    host: '127.0.0.1',
  },
});
