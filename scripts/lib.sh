# Shared by the project's scripts: paths, progress output, the wasm toolchain environment.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# A cargo target dir kept outside the clone is reused when it exists (CI caches, fresh clones
# on a developer machine); without one the build stays inside the clone.
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  if [ -d "${HUANJIAN_TARGET_DIR:-$HOME/.cache/huanjian/target}" ]; then
    export CARGO_TARGET_DIR="${HUANJIAN_TARGET_DIR:-$HOME/.cache/huanjian/target}"
  else
    export CARGO_TARGET_DIR="$ROOT/target"
  fi
fi
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

step() { printf '\n\033[1;32m==>\033[0m \033[1m%s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\n\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    fail "need root to run: $* (install sudo or run as root)"; fi
}

# The exact wasm-bindgen version the lockfile pins; the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Environment for building the app: Debian's rustc-web (1.96) with std built from source.
wasm_env() {
  export RUSTUP_TOOLCHAIN=web
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  # Size over speed for the download to a PDA; the server keeps its own release profile.
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
  export CARGO_PROFILE_RELEASE_LTO=true
  export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
  export CARGO_PROFILE_RELEASE_PANIC=abort
}
