#!/bin/sh
# What a planner feels on relocfund serve's page (docs/benchmarks.md,
# "relocfund serve"): headless chromium moves a random slider, waits for
# the answer to be drawn, and moves the next, for the 2016 example county
# and a generated 100-site county; bench/serve-page.js says what it times.
# Needs what the browser test needs (make setup-browser: chromium, node and
# puppeteer-core in tests/browser/node_modules).
#   sh bench/serve-page.sh [BUILD_DIR] [CHANGES]     (default build, 60)
set -eu
BUILD=${1:-build}
N=${2:-60}
RF="$BUILD/relocfund"
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d /tmp/rf-bench-page-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
"$BUILD/relocfund-gen" --sites 100 --seed 1 -o "$TMP/gen" >/dev/null
for scen in scenarios/example-county/2016.json "$TMP/gen/counties/c0001.json"; do
    rm -f "$TMP/url"
    "$RF" serve "$scen" --port 0 >"$TMP/url" 2>/dev/null &
    pid=$!
    i=0
    while [ ! -s "$TMP/url" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    printf '%s: ' "$scen"
    NODE_PATH="$HERE/../tests/browser/node_modules" node "$HERE/serve-page.js" "$(cat "$TMP/url")" "$N"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
done
