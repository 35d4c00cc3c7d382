#!/usr/bin/env bash
# Builds the Python package kwanus-migration (module kwanus_migration) and tests it: a virtual
# environment under the target directory (python-venv/) with maturin and pytest from the
# registry, the abi3 wheel built in release (maturin build --release, into wheels/), installed
# into the environment, then pytest over bindings/python/tests (the conformance corpus, bad
# input, the README example).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
venv="$target/python-venv"
wheels="$target/wheels"

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'maturin>=1.9.4,<2' pytest

rm -f "$wheels"/kwanus_migration-*.whl
(cd bindings/python && "$venv/bin/maturin" build --release --quiet --out "$wheels" -i "$venv/bin/python")
wheel=$(ls "$wheels"/kwanus_migration-*.whl)
echo "wheel: $(basename "$wheel") ($(wc -c < "$wheel") bytes)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

"$venv/bin/python" -m pytest bindings/python/tests -q -p no:cacheprovider
