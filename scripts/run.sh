#!/usr/bin/env bash
# Builds and runs Huanjian on its embedded default: SQLite under ./data, migrations applied,
# demo data seeded, app and API together on http://127.0.0.1:8080.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh"
step "Building the app (wasm)"
"$ROOT/scripts/build-app.sh"
step "Building the server"
cd "$ROOT"
cargo build --release -p api --bin huanjian
step "Starting on http://${HJ_BIND:-127.0.0.1:8080}  (Ctrl+C to stop)"
mkdir -p data
export HJ_DEMO="${HJ_DEMO:-true}" HJ_STATIC_DIR="${HJ_STATIC_DIR:-$ROOT/dist}"
exec "$CARGO_TARGET_DIR/release/huanjian" serve
