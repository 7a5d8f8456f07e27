#!/usr/bin/env bash
# Builds the app into dist/, which the API serves. trunk cannot split a wasm (trunk#1022), so
# the wasm is made here and trunk only does the html, css and static files:
#   1. cargo: the app as one wasm (profile wasm-release: size over speed), linked with its
#      relocations (--emit-relocs) so that it can be split;
#   2. wasm-split-cli: the first download (login, home, shell, offline store) and one file per
#      page loaded on demand (`lazy_page!` in app/src/app.rs), plus the chunks pages share;
#   3. wasm-bindgen on the first-download module; wasm-opt -Oz on every module;
#   4. trunk build, whose post_build hook (scripts/postbuild.sh) adds the wasm and js under
#      content-hashed names, the loader in index.html, sw.js and brotli/gzip copies.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
wasm_env
# For the app's wasm only (the server never sees these), each measured in docs/benchmarks.md:
# Leptos views type-erased (erase_components: far fewer monomorphised view types), panics abort
# at once (no message formatting), no Debug output and no panic locations in the binary.
export RUSTFLAGS="${RUSTFLAGS:-} --cfg=erase_components -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"

command -v wasm-split-cli >/dev/null || fail "wasm-split-cli missing: run scripts/setup.sh"

# Only the final link keeps relocations (cargo rustc passes the flag to the app crate alone).
cargo rustc -q --target wasm32-unknown-unknown -p app --profile wasm-release --bin app \
  -- -Clink-args=--emit-relocs
input="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
pkg="$CARGO_TARGET_DIR/app-pkg"
rm -rf "$pkg" "$pkg.split" && mkdir -p "$pkg" "$pkg.split"
wasm-split-cli "$input" "$pkg.split" --out-name app >/dev/null
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-dir "$pkg" --out-name app \
  "$pkg.split/app.wasm"
# The features rustc's wasm32 target enables (its target_features section), for every module.
features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
wasm-opt -Oz "${features[@]}" "$pkg/app_bg.wasm" -o "$pkg/app_bg.wasm"
# The lazily loaded modules, two at a time (binaryen warns about a name subsection it skips).
if ! find "$pkg.split" -name '*.wasm' ! -name app.wasm -printf '%f\n' \
  | xargs -P2 -I{} wasm-opt -Oz "${features[@]}" "$pkg.split/{}" -o "$pkg/{}" 2>&1 \
  | { grep -v 'unknown name subsection' || true; }; then
  fail "wasm-opt failed on a lazily loaded module"
fi
cp "$pkg.split/__wasm_split.js" "$pkg/"
rm -rf "$pkg.split"

# trunk: html, css, icons, manifest, Leaflet's files; the hook takes the wasm from here.
export HJ_APP_PKG="$pkg"
trunk build --release "$@"
main=$(ls dist/app-*_bg.wasm)
lazy=$(find dist -maxdepth 1 -name '*.wasm' ! -name 'app-*' | wc -l)
info "app: first download $(du -k "$main" | cut -f1) KiB wasm, $(du -k "$main.br" | cut -f1) KiB brotli;" \
  "$lazy more wasm files load on demand ($(cat $(find dist -maxdepth 1 -name '*.wasm.br' ! -name 'app-*') | wc -c | awk '{printf "%d", $1/1024}') KiB brotli)"
