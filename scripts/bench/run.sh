#!/usr/bin/env bash
# npm run bench [-- --smoke | --full]: installs the benchmark's own
# dependency (OpenBLAS, scripts/bench/setup.sh), builds the native and wasm
# release presets (engine_bench and the wasm module), then runs
# scripts/bench/bench.mjs and scripts/bench/char-lstm.mjs with the given flags.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NODE_PATH=/usr/share/nodejs

bash scripts/bench/setup.sh
# Configure again each time: a configure that ran before OpenBLAS was
# installed cached "not found".
cmake --preset native-release >/dev/null
cmake --build --preset native-release --target engine_bench
[ -f build/wasm-release/CMakeCache.txt ] || cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release --target engine_bench glassbox_wasm
mkdir -p web/src/engine/wasm
cp build/wasm-release/wasm/glassbox.mjs build/wasm-release/wasm/glassbox.wasm web/src/engine/wasm/
node scripts/bench/bench.mjs "$@"
node scripts/bench/char-lstm.mjs "$@"  # the char-level LSTM against TF.js's; skipped by a --parts list without "char"
