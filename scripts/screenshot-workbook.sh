#!/bin/sh
# Renders two sheets of scenario workbooks as a spreadsheet shows them (a
# sheet drawn as an HTML table by build/relocfund-xlsx html, the header
# notes marked red, screenshot by headless Chromium) for docs/user-guide.md:
# the 概况 sheet of the empty template and the 安置点 sheet of the 2016
# example converted to a workbook.
#   usage: scripts/screenshot-workbook.sh [BUILD-DIR]
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed: run scripts/setup-browser.sh" >&2; exit 1; }
mkdir -p "$B"
tmp=$(cd "$(mktemp -d -p "$B")" && pwd) # two folders below the top, as a county folder is
trap 'rm -rf "$tmp"' EXIT
"$B/relocfund" template -o "$tmp/county-2018.xlsx" --policy models/example-county.json
"$B/relocfund" convert scenarios/example-county/2016.json -o "$tmp/2016.xlsx" 2>/dev/null
"$B/relocfund-xlsx" html "$tmp/county-2018.xlsx" 概况 >"$tmp/template.html"
"$B/relocfund-xlsx" html "$tmp/2016.xlsx" 安置点 >"$tmp/sites.html"
shot() { # html png width height
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$tmp/profile" --window-size="$3,$4" \
        --screenshot="$tmp/shot.png" "file://$tmp/$1" >/dev/null 2>&1
    mv "$tmp/shot.png" "docs/$2"
    echo "wrote docs/$2"
}
shot template.html workbook-template.png 1100 640
shot sites.html workbook-2016-sites.png 1500 330
