#!/usr/bin/env bash
# Builds everything: the native engine, CLI and tests; the wasm module and
# wasm tests; then the static site in web/dist and the classroom file
# dist/classroom/glassbox.html.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # emcc's JS optimizer needs Debian's node modules

for preset in native-release wasm-release; do
  [ -f "build/$preset/CMakeCache.txt" ] || cmake --preset "$preset"
  cmake --build --preset "$preset"
done

mkdir -p web/src/engine/wasm
cp build/wasm-release/wasm/glassbox.mjs build/wasm-release/wasm/glassbox.wasm web/src/engine/wasm/
node scripts/pack-mnist.mjs
# The widget first (web/dist/widget: <glassbox-playground> and its demo page), so the
# site's service worker, generated at the end of the site's build, precaches it too.
npx vite build -c vite.widget.config.ts --logLevel warn
npx vite build --logLevel warn
node scripts/build-classroom.mjs  # dist/classroom/glassbox.html, the one-file offline app
echo "build: web/dist ready ($(du -sh web/dist | cut -f1)); wasm $(stat -c %s web/src/engine/wasm/glassbox.wasm) bytes"
