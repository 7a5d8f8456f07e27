#!/usr/bin/env bash
# Builds the app into dist/ with trunk (release: wasm-opt -Oz, hashed file names, sw.js).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
wasm_env
trunk build --release "$@"
wasm=$(ls dist/*.wasm)
info "app: $(du -k "$wasm" | cut -f1) KiB wasm, $(du -k "$wasm.br" | cut -f1) KiB brotli"
