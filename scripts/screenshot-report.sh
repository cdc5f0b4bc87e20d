#!/bin/sh
# Renders the 2016 HTML report of the example county in headless Chromium
# and saves the screenshot shown in docs/report-formats.md.
#   usage: scripts/screenshot-report.sh [RELOCFUND] [OUT.png]
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-build/relocfund}
OUT=${2:-docs/report-2016.png}
command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed: run scripts/setup-browser.sh" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" solve scenarios/example-county/2016.json --format html -o "$tmp/report-2016.html"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$tmp/profile" --window-size=1280,2000 \
    --screenshot="$tmp/shot.png" "file://$tmp/report-2016.html" >/dev/null 2>&1
mv "$tmp/shot.png" "$OUT"
echo "wrote $OUT"
