#!/usr/bin/env bash
# Mutation testing: runs cargo-mutants over src/ with the unit and integration tests, and
# prints the caught / missed / unviable counts, the score and the missed mutants.
#
#   scripts/mutants.sh                 the whole crate
#   scripts/mutants.sh --shard 1/8     one eighth of the mutants (run the 8 shards anywhere)
#   scripts/mutants.sh --file src/flow/replay.rs
#
# Left out for speed: the doc tests (they repeat what the integration tests assert) and the
# trybuild UI tests (ui-tests/tests/ui.rs: they pin compile errors, which no mutant of a body changes).
# Exclusions live in .cargo/mutants.toml, each with its reason.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "installing cargo-mutants"
  cargo install --locked cargo-mutants
fi

# every integration test but the UI tests
# the integration tests of the library and of the `heavy-tests` member (property tests), but
# not its compile-fail UI tests
tests=()
for f in tests/*.rs heavy-tests/tests/*.rs; do
  name=$(basename "$f" .rs)
  [ "$name" = ui ] && continue
  tests+=(--test "$name")
done

# no debug info: a mutant's build is mostly linking the test binaries, and without debug
# info that is about twice as fast; the tests do not need it
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}
export CARGO_PROFILE_TEST_DEBUG=${CARGO_PROFILE_TEST_DEBUG:-0}

out=${MUTANTS_OUT:-target/mutants}
mkdir -p "$out"
set +e
cargo mutants --no-shuffle --package kwanus-migration \
  --test-package kwanus-migration --test-package kwanus-heavy-tests \
  --output "$out" "$@" -- --lib "${tests[@]}"
status=$?
set -e

dir="$out/mutants.out"
count() { if [ -f "$dir/$1.txt" ]; then grep -c . "$dir/$1.txt" || true; else echo 0; fi; }
caught=$(count caught)
missed=$(count missed)
unviable=$(count unviable)
timeout=$(count timeout)
echo
echo "caught $caught, missed $missed, unviable $unviable, timeout $timeout"
if [ $((caught + missed)) -gt 0 ]; then
  awk -v c="$caught" -v m="$missed" 'BEGIN { printf "score: %.1f %% caught / (caught + missed)\n", 100 * c / (c + m) }'
fi
if [ "$missed" -gt 0 ]; then
  echo "missed:"
  sed 's/^/  /' "$dir/missed.txt"
fi
# cargo-mutants exits 2 when mutants were missed: that is the report, not a failure of this script
[ $status -eq 0 ] || [ $status -eq 2 ] || exit $status
