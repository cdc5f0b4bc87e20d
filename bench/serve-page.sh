#!/bin/sh
# What a planner feels on relocfund serve's page (docs/benchmarks.md,
# "relocfund serve"): headless chromium moves a random slider, waits for
# the answer to be drawn, and moves the next, for the 2016 example county
# and a generated 100-site county; bench/serve-page.js says what it times.
# Needs what the browser test needs (make setup-browser: chromium, node and
# puppeteer-core in tests/browser/node_modules); RF_CHROMIUM names another
# chromium, as for the browser test.
#   sh bench/serve-page.sh [BUILD_DIR] [CHANGES]     (default build, 60)
set -eu
BUILD=${1:-build}
N=${2:-60}
RF="$BUILD/relocfund"
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d /tmp/rf-bench-page-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
. "$HERE/serve-common.sh"
for scen in $(serve_counties "$BUILD"); do
    serve_start "$scen"
    printf '%s: ' "$scen"
    NODE_PATH="$HERE/../tests/browser/node_modules" node "$HERE/serve-page.js" "$(cat "$TMP/url")" "$N" "${RF_CHROMIUM:-}"
    serve_stop
done
