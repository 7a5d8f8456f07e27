#!/usr/bin/env bash
# trunk post_build hook (run by scripts/build-app.sh): adds the app's wasm and js made there
# ($HJ_APP_PKG) under content-hashed names, loads them from index.html, names Leaflet's files
# for the map to fetch, writes the service worker with this build's exact file lists, and
# precompresses everything.
#
# Every content-hashed name is `<name>-<16 hex>[_bg].<ext>` with no other dot (the server keeps
# exactly these for a year, immutable); everything else is revalidated on each load.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
pkg="${HJ_APP_PKG:?run through scripts/build-app.sh, which builds the wasm}"
template="${TRUNK_SOURCE_DIR:-$OLDPWD/app}/sw.template.js"
cd "$dir"

hash16() { cat "$@" | sha256sum | cut -c1-16; }
# `replace FILE OLD NEW`: every occurrence of a literal string.
replace() { OLD="$2" NEW="$3" perl -0pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/g' "$1"; }

# The pages loaded on demand and the chunks they share: their own hash, named in the loader.
cp -r "$pkg"/snippets .
cp "$pkg"/__wasm_split.js "$pkg"/app.js "$pkg"/app_bg.wasm .
for f in "$pkg"/*.wasm; do
  name=$(basename "$f" .wasm)
  [ "$name" = app_bg ] && continue
  hashed="${name//./_}-$(hash16 "$f").wasm"
  cp "$f" "$hashed"
  replace __wasm_split.js "\"./$name.wasm\"" "\"./$hashed\""
done
# The first download: app.js and the loader import each other, so they share one hash, of
# everything they and the main wasm are made of.
id=$(hash16 app.js __wasm_split.js app_bg.wasm $(find snippets -type f | LC_ALL=C sort))
replace app.js 'from "./__wasm_split.js"' "from \"./split-$id.js\""
replace __wasm_split.js '"./app.js"' "\"./app-$id.js\""
mv app.js "app-$id.js"
mv __wasm_split.js "split-$id.js"
mv app_bg.wasm "app-${id}_bg.wasm"
# The start, as a file of its own: the Content-Security-Policy allows no inline script.
printf "import init from '/app-%s.js';\ninit({ module_or_path: '/app-%s_bg.wasm' });\n" "$id" "$id" > "boot-$id.js"

# trunk's files (filehash is off in Trunk.toml): the same naming as above.
hashed_name() { local f=$1 base ext; base=$(basename "$f"); ext=${base##*.}; base=${base%.*}
  echo "${base//./_}-$(hash16 "$f").$ext"; }
# Feature stylesheets join main.css: one render-blocking file, hashed and kept on install.
for extra in cases.css monitoring.css duty.css; do
  cat "$extra" >> main.css && rm "$extra"
  perl -0pi -e "s|\\s*<link rel=\"stylesheet\" href=\"/$extra\"[^>]*>||" index.html
done
# …and its subresource-integrity hash follows its new content.
sri="sha384-$(node -e "process.stdout.write(require('crypto').createHash('sha384').update(require('fs').readFileSync('main.css')).digest('base64'))")"
perl -0pi -e "s|(href=\"/main.css\" integrity=\")[^\"]*|\\1$sri|" index.html
css=$(hashed_name main.css) && mv main.css "$css"
replace index.html 'href="/main.css"' "href=\"/$css\""
leaflet=()
for f in leaflet.css leaflet.js leaflet.markercluster.js; do
  h=$(hashed_name "$f") && mv "$f" "$h" && leaflet+=("/$h")
done

# index.html: the first download, preloaded; Leaflet named for app/js/leaflet.js. (The rust
# link trunk skipped stays behind in its output: it goes.)
perl -0pi -e 's/\s*<link data-trunk rel="rust"[^>]*>//' index.html
preload=$(find snippets -name '*.js' | LC_ALL=C sort | sed 's|.*|<link rel="modulepreload" href="/&">|')
head=$(cat <<EOF
<meta name="hj-leaflet" content="${leaflet[*]}">
<link rel="modulepreload" href="/app-$id.js">
<link rel="modulepreload" href="/split-$id.js">
$preload
<link rel="preload" href="/app-${id}_bg.wasm" as="fetch" type="application/wasm" crossorigin>
<script type="module" src="/boot-$id.js"></script>
EOF
)
replace index.html '</head>' "$head
</head>"

# The service worker: what the first screen needs on install, the rest when the app asks.
mapfile -t files < <(find . -type f ! -name '*.br' ! -name '*.gz' ! -name 'sw.js' ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort)
core=() later=()
for f in "${files[@]}"; do
  case "$f" in
    index.html|manifest.webmanifest|icons/icon.svg|"$css"|app-"$id"*|split-"$id".js|boot-"$id".js|snippets/*) core+=("\"/$f\"") ;;
    *) later+=("\"/$f\"") ;;
  esac
done
version=$(cat "${files[@]}" "$template" | sha256sum | cut -c1-16)
join() { local IFS=,; echo "[$*]"; }
sed -e "s|__VERSION__|${version}|" -e "s|__CORE__|$(join "${core[@]}")|" -e "s|__LATER__|$(join "${later[@]}")|" \
  "$template" > sw.js

# Precompressed copies: the API serves .br/.gz when the browser accepts them.
find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.webmanifest' -o -name '*.json' \) \
  -print0 | xargs -0 -P2 -I{} sh -c 'gzip -9 -k -f "{}"; if command -v brotli >/dev/null; then brotli -q 11 -f -k "{}"; fi'
echo "service worker version ${version}: ${#core[@]} files on install, ${#later[@]} when the app asks"
