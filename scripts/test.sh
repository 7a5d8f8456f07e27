#!/usr/bin/env bash
# Runs every test: unit and API integration tests on SQLite and on a throwaway PostgreSQL 15,
# the wasm-purity check of the contract crate, the app build, and the browser tests in
# headless Chromium against a freshly seeded server. Prints the counts at the end.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$(date +%s)
work=$(mktemp -d /tmp/huanjian-test.XXXXXX)
chmod 755 "$work"
pg_bin=/usr/lib/postgresql/15/bin
server_pid=""
s3_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$s3_pid" ] && kill "$s3_pid" 2>/dev/null || true
  if [ -f "$work/pg/postmaster.pid" ]; then run_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# PostgreSQL refuses to run as root: the cluster belongs to the `postgres` system user then.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

declare -A counts
record() { counts[$1]=$2; }
# Runs a command with its whole output in a log, showing test lines; returns its status.
run_logged() {
  local log=$1; shift
  : >"$log"
  "$@" >"$log" 2>&1 & local pid=$!
  tail -n +1 -f "$log" --pid "$pid" | grep --line-buffered -E '^(test |test result|error|failures|---- )' || true
  wait "$pid"
}
sum_cargo() { grep -E '^test result:' "$1" | awk '{p+=$4; f+=$6} END {print p+0 " passed, " f+0 " failed"}'; }

"$ROOT/scripts/setup.sh" --test

step "Formatting and lints"
cargo fmt --all --check || fail "cargo fmt --check found unformatted code (run: cargo fmt --all)"
cargo clippy -q -p shared -p hj212 -p api --all-targets -- -D warnings || fail "clippy found problems (see above)"
info "ok (rustfmt, clippy)"

step "Contract crate stays browser-safe"
tree=$(RUSTUP_TOOLCHAIN=stable cargo tree -p shared --target wasm32-unknown-unknown -e normal)
if echo "$tree" | grep -E '^[^a-z]*(sea-orm|sqlx|axum|tokio|hyper) ' ; then
  fail "shared pulls a server dependency into the browser build"
fi
info "cargo tree -p shared --target wasm32-unknown-unknown: $(echo "$tree" | wc -l) crates, no sea-orm/sqlx/axum/tokio/hyper"

step "S3-compatible object storage for the evidence tests (s3rver on loopback)"
s3_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/s3"
e2e/node_modules/.bin/s3rver -d "$work/s3" -a 127.0.0.1 -p "$s3_port" --configure-bucket huanjian-test --silent >"$work/s3.log" 2>&1 &
s3_pid=$!
for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && break; sleep 0.2; done
export HJ_TEST_S3_URL="s3://huanjian-test/evidence?endpoint=http://127.0.0.1:$s3_port"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
info "s3rver on 127.0.0.1:$s3_port, bucket huanjian-test"

step "Unit and API tests on SQLite"
run_logged "$work/sqlite.log" cargo test -p shared -p hj212 -p api --no-fail-fast || fail "tests failed on SQLite (see above)"
record "Rust tests (SQLite)" "$(sum_cargo "$work/sqlite.log")"

step "API tests on PostgreSQL 15 (throwaway cluster)"
mkdir -p "$work/pg" "$work/pgsock"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg" "$work/pgsock"
run_pg "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; fail "initdb failed"; }
# Unix socket only (no TCP): private to this machine and this run.
run_pg "$pg_bin/pg_ctl" -D "$work/pg" -w -l "$work/pgsock/server.log" \
  -o "-c listen_addresses='' -k $work/pgsock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$work/pgsock/server.log"; fail "PostgreSQL did not start"; }
info "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on socket $work/pgsock"
export HJ_TEST_PG_URL="postgres://postgres@localhost/postgres?host=$work/pgsock"
run_logged "$work/pg.log" cargo test -p api --test it --no-fail-fast || fail "API tests failed on PostgreSQL (see above)"
unset HJ_TEST_PG_URL
record "API tests (PostgreSQL)" "$(sum_cargo "$work/pg.log")"

step "Lambda build of the same router"
cargo check -q -p api --features lambda --bin lambda || fail "the lambda feature does not build"
info "ok"

step "Building the app"
"$ROOT/scripts/build-app.sh"

step "Browser tests (headless Chromium)"
cargo build -q -p api --bin huanjian
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/server"
# The server gets its own copy of the build: a browser test deploys a new sw.js into it.
rm -rf "$work/dist" && cp -r "$ROOT/dist" "$work/dist"
(cd "$work/server" && HJ_BIND="127.0.0.1:$port" HJ_DEMO=true HJ_STATIC_DIR="$work/dist" HJ_LOG=warn \
  exec "$CARGO_TARGET_DIR/debug/huanjian" serve >"$work/server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "server exited"; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/api/health" >/dev/null || { cat "$work/server.log"; fail "server not healthy"; }
info "$(grep -m1 '已生成演示数据' "$work/server.log" || true)"
(cd e2e && HJ_E2E_BASE_URL="http://127.0.0.1:$port" HJ_E2E_DIST="$work/dist" HJ_E2E_SERVER="$CARGO_TARGET_DIR/debug/huanjian" node --test --test-concurrency=1 --test-reporter=spec tests/ 2>&1) \
  | tee "$work/e2e.log" && e2e_ok=1 || e2e_ok=0
[ "$e2e_ok" = 1 ] || { tail -20 "$work/server.log"; fail "browser tests failed (screenshots: e2e/artifacts/)"; }
e2e_pass=$(grep -E '^ℹ pass' "$work/e2e.log" | awk '{print $3}')
e2e_fail=$(grep -E '^ℹ fail' "$work/e2e.log" | awk '{print $3}')
record "Browser tests (Chromium)" "${e2e_pass:-0} passed, ${e2e_fail:-0} failed"

step "Lighthouse (mobile performance, median of 3, default and calibrated CPU slowdown: goal 90, fails below 50)"
(cd e2e && HJ_E2E_BASE_URL="http://127.0.0.1:$port" CHROME_PATH=/usr/bin/chromium node lighthouse.mjs 2>&1) \
  | tee "$work/lighthouse.log" || fail "Lighthouse did not run or scored below 50 (see above)"
lh() { grep -m1 "^lighthouse $1 ($2" "$work/lighthouse.log" | sed -E 's/.*performance ([0-9]+).*/\1/'; }
calibration=$(grep -m1 -oE 'calibrated [0-9.]+× CPU for benchmark index [0-9]+' "$work/lighthouse.log" || true)
record "Lighthouse (mobile)" "default 4× CPU: login $(lh login default), home $(lh home default); ${calibration:-calibrated}: login $(lh login calibrated), home $(lh home calibrated) (goal 90)"

step "schemathesis against /api/openapi.json (every operation, as the county's admin)"
[ -x "$HOME/.cache/huanjian/schemathesis-venv/bin/schemathesis" ] || info "installing schemathesis 4.x into $HOME/.cache/huanjian/schemathesis-venv (PyPI)"
admin_token=$(curl -sf "http://127.0.0.1:$port/api/auth/login" -H 'content-type: application/json' \
  -d '{"bureau_id":341302,"username":"admin","password":"Huanjian@2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') \
  || fail "could not sign in as the demo admin for schemathesis"
HJ_SCHEMATHESIS_REPORT="$work/schemathesis" "$ROOT/scripts/schemathesis.sh" "$port" "$admin_token" | tee "$work/schemathesis.log" \
  || { tail -40 "$work/schemathesis/run.log"; fail "schemathesis found server errors or responses outside the documented schema (see above)"; }
record "schemathesis" "$(grep -m1 '^schemathesis:' "$work/schemathesis.log" | sed 's/^schemathesis: //')"

step "Summary ($(( $(date +%s) - started )) s)"
for k in "Rust tests (SQLite)" "API tests (PostgreSQL)" "Browser tests (Chromium)" "Lighthouse (mobile)" "schemathesis"; do
  printf '    %-26s %s\n' "$k" "${counts[$k]}"
done
