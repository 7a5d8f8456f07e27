#!/usr/bin/env bash
# Builds the app into dist/ with trunk (release: wasm-opt -Oz, hashed file names, sw.js).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
wasm_env
# Compile first without --offline: build-std resolves std's own dependencies (dlmalloc, …)
# from crates.io, which trunk's offline cargo call cannot do. trunk then finds it built.
cargo build --target wasm32-unknown-unknown -p app --release --bin app
trunk build --release "$@"
wasm=$(ls dist/*.wasm)
info "app: $(du -k "$wasm" | cut -f1) KiB wasm, $(du -k "$wasm.br" | cut -f1) KiB brotli"
