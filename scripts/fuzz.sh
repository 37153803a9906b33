#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz/ with clang-14 (ASan + UBSan),
# replays every saved regression input, then fuzzes each target for
# SECONDS_PER_TARGET (first argument, default 30) from its seed corpus and
# dictionary. Fails on any crash, leak, timeout or sanitizer report; a crash
# input is left in build/fuzz/artifacts/<target>/ — copy it to
# tests/fuzz/regressions/<target>/ so it is replayed from then on.
#   bash scripts/fuzz.sh          # 30 s per target (CI)
#   bash scripts/fuzz.sh 600 idx  # 10 minutes, one target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(safetensors idx architecture preprocess checkpoint)

build=build/fuzz
mkdir -p $build
if [ ! -f $build/build.ninja ]; then
  cmake -S tests/fuzz -B $build -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 >$build/configure.log 2>&1 ||
    { cat $build/configure.log; exit 1; }
fi
nice cmake --build $build -j2 >$build/build.log 2>&1 || { tail -40 $build/build.log; exit 1; }

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in "${targets[@]}"; do
  binary=$build/fuzz_$target
  regressions=tests/fuzz/regressions/$target
  if compgen -G "$regressions/*" >/dev/null; then
    echo "fuzz: $target replays $(ls "$regressions" | wc -l) regression input(s)"
    nice "$binary" "$regressions"/* >"$build/$target-regressions.log" 2>&1 ||
      { tail -40 "$build/$target-regressions.log"; echo "fuzz: $target regression FAILED"; exit 1; }
  fi
  corpus=$build/corpus/$target
  mkdir -p "$corpus" "$build/artifacts/$target"
  log=$build/$target.log
  # Fresh inputs go to the scratch corpus; the seeds in the repo stay as they are.
  if ! nice "$binary" "$corpus" tests/fuzz/corpus/"$target" -dict=tests/fuzz/"$target".dict \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$target/" >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz: $target FOUND A CRASH; the input is in $build/artifacts/$target/"
    exit 1
  fi
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo '?')
  echo "fuzz: $target: $runs runs in ${seconds} s, 0 crashes"
done
