#!/usr/bin/env bash
# Installs what is missing, builds, and serves the static site on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec npx vite preview --host 127.0.0.1 --port "${PORT:-5173}"
