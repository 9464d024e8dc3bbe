#!/usr/bin/env bash
# Reproduce src/backchannel/web/vendor/: the dashboard's JavaScript libraries, fetched from the npm
# registry with `npm pack` at exact versions, checked against the sha256 recorded in VENDORED.md,
# copied (minified build + licence) into the package.  Nothing is loaded from a CDN at run time.
# Usage: tools/vendor_js.sh            (needs npm and the registry; run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=src/backchannel/web/vendor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# name version tarball-sha256 file-in-package file-in-vendor licence-in-package licence-in-vendor
PACKAGES=(
  "d3 7.9.0 7e36605710a2ba54846797c8c6d888911341b215ae53257dc32a49a0b824355e dist/d3.min.js d3.min.js LICENSE d3.LICENSE"
)

for spec in "${PACKAGES[@]}"; do
  read -r name version sha file target licence licence_target <<<"$spec"
  (cd "$WORK" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$WORK/$name-$version.tgz"
  actual=$(sha256sum "$tarball" | cut -d' ' -f1)
  if [[ "$actual" != "$sha" ]]; then
    echo "error: $name@$version tarball sha256 is $actual, expected $sha" >&2
    exit 1
  fi
  mkdir -p "$WORK/$name"
  tar -xzf "$tarball" -C "$WORK/$name"
  cp "$WORK/$name/package/$file" "$VENDOR/$target"
  cp "$WORK/$name/package/$licence" "$VENDOR/$licence_target"
  echo "$name@$version: $VENDOR/$target sha256 $(sha256sum "$VENDOR/$target" | cut -d' ' -f1)"
done
