#!/usr/bin/env bash
# clang-format every C++ file of ours (style in .clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
