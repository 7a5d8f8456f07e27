#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian bookworm machine with
# rustup (no wasm32 target: it cannot be downloaded here). Idempotent: a second run only checks.
#   scripts/setup.sh          toolchain for building and running the product
#   scripts/setup.sh --test   plus Chromium, PostgreSQL 15 and the browser-test packages
set -euo pipefail
source "$(dirname "$0")/lib.sh"
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

step "System packages"
pkgs=(rustc-web cargo-web libstd-rust-web-dev rust-web-src rust-web-llvm lld-22 brotli)
# Node.js may come from elsewhere (e.g. NodeSource, with npm built in): only add Debian's if absent.
command -v npm >/dev/null || pkgs+=(nodejs npm)
[ $want_test = 1 ] && pkgs+=(chromium fonts-noto-cjk fonts-dejavu-core postgresql-15)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  info "installing: ${missing[*]}"
  as_root apt-get update -q >/dev/null || fail "apt-get update failed: is the Debian mirror reachable?"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
else
  info "all present (${#pkgs[@]} packages)"
fi

step "Rust toolchains"
command -v rustup >/dev/null || fail "rustup not found: install Rust via rustup first"
if ! rustup toolchain list | grep -q '^web'; then
  rustup toolchain link web /usr
  info "linked Debian's rustc-web as toolchain 'web'"
fi
info "host: $(rustc --version)"
info "wasm: $(rustup run web rustc --version) (wasm32 std built from rust-web-src)"

step "wasm-bindgen CLI, trunk and wasm-split-cli"
wb=$(wasm_bindgen_version)
[ -n "$wb" ] || fail "cannot read the wasm-bindgen version from Cargo.lock"
# Each install builds in a temporary directory of its own (not the shared CARGO_TARGET_DIR,
# whose lock would make the three wait for one another).
jobs_started=0
mkdir -p "$ROOT/target/setup-logs"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
  info "building wasm-bindgen-cli $wb (about 6 minutes; log: target/setup-logs/wasm-bindgen.log)"
  env -u CARGO_TARGET_DIR cargo +web install wasm-bindgen-cli --version "$wb" --force >"$ROOT/target/setup-logs/wasm-bindgen.log" 2>&1 &
  wb_pid=$!; jobs_started=1
else
  info "wasm-bindgen $wb present"
fi
TRUNK_VERSION=0.22.1
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  # trunk 0.22.1 needs rustc >= 1.96.1: the nightly toolchain rustup ships with the machine.
  if rustup toolchain list | grep -q '^nightly'; then tc=nightly; else
    fail "trunk $TRUNK_VERSION needs rustc >= 1.96.1 and no nightly toolchain is installed"; fi
  info "building trunk $TRUNK_VERSION with $tc (about 15 minutes; log: target/setup-logs/trunk.log)"
  env -u CARGO_TARGET_DIR cargo "+$tc" install trunk --version "$TRUNK_VERSION" --locked --no-default-features --features rustls \
    >"$ROOT/target/setup-logs/trunk.log" 2>&1 &
  trunk_pid=$!; jobs_started=1
else
  info "trunk $TRUNK_VERSION present"
fi
SPLIT_VERSION=0.2.4
if ! cargo install --list | grep -q "^wasm_split_cli_support v$SPLIT_VERSION:"; then
  # A host tool: the stable toolchain, none of the wasm build's flags (build-std, its profile).
  info "building wasm-split-cli $SPLIT_VERSION (crate wasm_split_cli_support, about 2 minutes; log: target/setup-logs/wasm-split.log)"
  env -u CARGO_UNSTABLE_BUILD_STD -u RUSTC_BOOTSTRAP -u RUSTFLAGS -u CARGO_TARGET_DIR RUSTUP_TOOLCHAIN=stable \
    cargo install --locked wasm_split_cli_support --version "$SPLIT_VERSION" --features build-binary \
    >"$ROOT/target/setup-logs/wasm-split.log" 2>&1 &
  split_pid=$!; jobs_started=1
else
  info "wasm-split-cli $SPLIT_VERSION present"
fi
if [ $jobs_started = 1 ]; then
  if [ -n "${split_pid:-}" ]; then wait "$split_pid" || fail "wasm-split-cli install failed: see target/setup-logs/wasm-split.log"; fi
  if [ -n "${wb_pid:-}" ]; then wait "$wb_pid" || fail "wasm-bindgen-cli install failed: see target/setup-logs/wasm-bindgen.log"; fi
  if [ -n "${trunk_pid:-}" ]; then wait "$trunk_pid" || fail "trunk install failed: see target/setup-logs/trunk.log"; fi
  info "installed"
fi

step "npm packages"
cd "$ROOT"
if [ "$(node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ] \
  || [ ! -f node_modules/leaflet/dist/leaflet.js ] \
  || [ ! -f node_modules/leaflet.markercluster/dist/leaflet.markercluster.js ]; then
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci (binaryen, leaflet) failed"
fi
info "leaflet $(node -p "require('./node_modules/leaflet/package.json').version")"
info "wasm-opt: $(wasm-opt --version)"
if [ $want_test = 1 ]; then
  if [ ! -d e2e/node_modules/playwright-core ] || [ ! -f e2e/node_modules/jsqr/dist/jsQR.js ] || [ ! -x e2e/node_modules/.bin/s3rver ] || [ ! -d e2e/node_modules/lighthouse ]; then
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in e2e failed"
  fi
  info "playwright-core $(node -p "require('./e2e/node_modules/playwright-core/package.json').version")"
  info "lighthouse $(node -p "require('./e2e/node_modules/lighthouse/package.json').version")"
  info "$(chromium --version 2>/dev/null || echo 'chromium missing')"
  info "PostgreSQL $(/usr/lib/postgresql/15/bin/postgres --version | awk '{print $3}')"
fi
step "Setup complete"
