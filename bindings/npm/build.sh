#!/usr/bin/env bash
# Builds the npm package kwanus-migration into bindings/npm/pkg/: the crate kwanus-wasm for
# wasm32-unknown-unknown (profile `wasm`: opt-level z, LTO, one codegen unit; no names, no debug info), then
# wasm-bindgen for Node (pkg/, `require("./pkg/kwanus_wasm.js")`, what index.js loads) and for
# browsers and bundlers as an ES module (pkg/web/). Installs what it needs itself: the wasm
# target with rustup, and the wasm-bindgen CLI at exactly the version of the wasm-bindgen
# crate in Cargo.lock (the two must match), under the target directory's tools/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
pkg="$root/bindings/npm/pkg"

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 ||
  rustup target list --installed | grep -qx wasm32-unknown-unknown

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "build.sh: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
tools="$target/tools"
bindgen="$tools/bin/wasm-bindgen"
if ! [ -x "$bindgen" ] || [ "$("$bindgen" --version)" != "wasm-bindgen $version" ]; then
  echo "installing wasm-bindgen-cli $version into $tools"
  # --locked first; the CLI's own lock file can name a release the registry no longer serves
  # (a yanked dependency), and then its newest compatible versions are taken
  cargo install wasm-bindgen-cli --version "=$version" --root "$tools" --locked ||
    cargo install wasm-bindgen-cli --version "=$version" --root "$tools"
fi

cargo build -p kwanus-wasm --target wasm32-unknown-unknown --profile wasm
wasm="$target/wasm32-unknown-unknown/wasm/kwanus_wasm.wasm"

rm -rf "$pkg"
flags=(--remove-name-section --remove-producers-section)
"$bindgen" --target nodejs "${flags[@]}" --out-dir "$pkg" "$wasm"
"$bindgen" --target web "${flags[@]}" --out-dir "$pkg/web" "$wasm"
# wasm-opt, where one is installed and reads what rustc writes (Debian's binaryen 108 does
# not: it stops at table.fill); optional, the package is the same without it
if command -v wasm-opt >/dev/null 2>&1; then
  for f in "$pkg/kwanus_wasm_bg.wasm" "$pkg/web/kwanus_wasm_bg.wasm"; do
    if wasm-opt -Oz --all-features -o "$f.opt" "$f" 2>/dev/null; then
      mv "$f.opt" "$f"
    else
      rm -f "$f.opt"
      echo "wasm-opt could not read the module; left as wasm-bindgen wrote it"
    fi
  done
fi
raw=$(wc -c < "$pkg/kwanus_wasm_bg.wasm")
gz=$(gzip -9 -c "$pkg/kwanus_wasm_bg.wasm" | wc -c)
echo "kwanus_wasm_bg.wasm: $raw bytes raw, $gz bytes gzipped (gzip -9)"
