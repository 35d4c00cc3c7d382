#!/usr/bin/env bash
# Fuzzing: runs every cargo-fuzz target in fuzz/ for a given time each (default 60 s) and
# fails on any crash. cargo-fuzz needs the nightly toolchain.
#
#   scripts/fuzz.sh          60 s per target
#   scripts/fuzz.sh 600      ten minutes per target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

targets=$(cargo +nightly fuzz list)
echo "== build the fuzz targets"
cargo +nightly fuzz build
for target in $targets; do
  echo "== fuzz $target for ${seconds}s"
  log=$(mktemp)
  set +e
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" >"$log" 2>&1
  status=$?
  set -e
  if [ $status -ne 0 ] && grep -q "failed to build fuzz script" "$log"; then
    tail -n 40 "$log"
    echo "fuzz target $target does not build"
    exit 1
  fi
  if [ $status -ne 0 ]; then
    tail -n 40 "$log"
    echo "fuzz target $target found a crash (exit $status); the input is under fuzz/artifacts/$target/"
    exit 1
  fi
  runs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
  echo "fuzz $target: ${runs:-?} inputs in ${seconds}s, no finding"
  rm -f "$log"
done
