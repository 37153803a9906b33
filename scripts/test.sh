#!/usr/bin/env bash
# Every test suite: Catch2 natively (release, and debug with ASan + UBSan),
# Catch2 compiled to wasm in node, TypeScript, Vitest, and Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
start=$(date +%s)

bash scripts/setup.sh
bash scripts/build.sh

echo "== Catch2, native release"
ctest --preset native-release

echo "== Catch2, native debug with AddressSanitizer + UBSan"
[ -f build/native-debug/CMakeCache.txt ] || cmake --preset native-debug
cmake --build --preset native-debug
ctest --preset native-debug

echo "== libFuzzer: each parser for 30 s (ASan + UBSan), regressions replayed"
bash scripts/fuzz.sh 30

echo "== Catch2, compiled to wasm, in node"
ctest --preset wasm-release

echo "== TypeScript (strict)"
npx tsc --noEmit -p tsconfig.json

echo "== Vitest: the wasm API and web logic in node"
npx vitest run

echo "== Playwright: the built site in headless Chromium"
npx vitest run -c vitest.e2e.config.ts

echo "== npm run bench -- --smoke: the benchmark runs and prints (no speed assertions)"
bash scripts/bench/run.sh --smoke --out build/bench-smoke.json

echo "all suites passed in $(( $(date +%s) - start )) s"
# set -e stops at the first failing suite, so reaching here means all 8 passed.
echo "suites: 8 passed, 0 failed"
