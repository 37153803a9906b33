#!/usr/bin/env bash
# Trains the shipped model with the CLI, reproducibly from a fixed seed, and
# evaluates it. The result is committed as web/public/models/mnist-mlp.safetensors.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/native-release/CMakeCache.txt ] || cmake --preset native-release
cmake --build --preset native-release
glassbox=build/native-release/engine/glassbox
out=web/public/models/mnist-mlp.safetensors

"$glassbox" train mnist --arch 784-128-64-10 --optimizer adam --lr 0.001 --schedule step --decay-rate 0.9 --decay-epochs 1 \
  --epochs 30 --batch 64 --shift 1 --seed 1 --out "$out"
"$glassbox" eval "$out"
"$glassbox" info "$out"
