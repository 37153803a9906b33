#!/usr/bin/env bash
# The benchmark's own setup: OpenBLAS (libopenblas-dev) for the native GEMM
# reference. Only engine_bench links it (bench/CMakeLists.txt); the engine
# never does, so the rest of the build does not need it.
set -euo pipefail
# (A cblas.h alone may be the slow reference BLAS of libblas-dev: look for
# OpenBLAS's own header.)
if ! compgen -G "/usr/include/*/openblas*/cblas.h" >/dev/null && [ ! -f /usr/include/openblas/cblas.h ]; then
  echo "bench setup: installing libopenblas-dev"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 libopenblas-dev
fi
