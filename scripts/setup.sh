#!/usr/bin/env bash
# Installs whatever the build and the tests need and this machine lacks:
# Debian packages (compilers, Emscripten, Catch2, CLI11, nlohmann-json,
# Chromium, clang-14 and its libFuzzer runtime, python3-torch), then the npm packages from
# package-lock.json. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have_command() { command -v "$1" >/dev/null 2>&1; }
have_command g++ || missing+=(g++)
have_command cmake || missing+=(cmake)
have_command ninja || missing+=(ninja-build)
have_command em++ || missing+=(emscripten)
have_command clang-format || missing+=(clang-format)
have_command chromium || missing+=(chromium)
have_command clang++-14 || missing+=(clang-14)  # libFuzzer targets (tests/fuzz)
compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
  missing+=(libclang-rt-14-dev)
[ -f /usr/include/catch2/catch.hpp ] || missing+=(catch2)
[ -f /usr/include/CLI/CLI.hpp ] || missing+=(libcli11-dev)
[ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
# The PyTorch export test (tests/interop) and the import of a torch-saved file in the
# browser (tests/e2e/torch-import.e2e.ts) run Debian's torch under Debian's python.
/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3-numpy)
/usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi
