#!/usr/bin/env bash
# trunk post_build hook: generate the service worker for this build and precompress assets.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
cd "$dir"
# Everything the shell needs, as absolute paths; the version is a hash of their contents.
mapfile -t files < <(find . -type f ! -name '*.br' ! -name '*.gz' ! -name 'sw.js' | sed 's|^\./||' | LC_ALL=C sort)
template="${TRUNK_SOURCE_DIR:-$OLDPWD/app}/sw.template.js"
version=$(cat "${files[@]}" "$template" | sha256sum | cut -c1-16)
assets=$(printf '"/%s",' "${files[@]}")
sed -e "s|__VERSION__|${version}|" -e "s|__ASSETS__|[${assets%,}]|" \
  "$template" > sw.js
# Precompressed copies: the API serves .br/.gz when the browser accepts them.
find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.webmanifest' -o -name '*.json' \) \
  -print0 | while IFS= read -r -d '' f; do
    gzip -9 -k -f "$f"
    if command -v brotli >/dev/null; then brotli -q 11 -f -k "$f"; fi
  done
echo "service worker version ${version}: ${#files[@]} files precached"
