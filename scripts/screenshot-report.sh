#!/bin/sh
# Renders HTML reports of the example county in headless Chromium and saves
# the screenshots shown in docs/report-formats.md: the 2016 plan, a plan
# short of money (loans cut to 2,000 万元: every household over the cap), the
# same plan in English with a gap, a whatif page, a batch page and a
# sensitivity page (its chart of the binding rules).
#   usage: scripts/screenshot-report.sh [RELOCFUND] [DIR]
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-build/relocfund}
DIR=${2:-docs}
command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed: run scripts/setup-browser.sh" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S=scenarios/example-county/2016.json

# shot NAME HEIGHT COMMAND...: writes DIR/NAME.png of the page COMMAND writes.
shot() {
    name=$1 height=$2
    shift 2
    # Exit 1 (a plan that does not balance) is a report too.
    "$BIN" "$@" --format html -o "$tmp/$name.html" 2>/dev/null || [ $? -eq 1 ]
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$tmp/profile" --window-size=1280,"$height" \
        --screenshot="$tmp/shot.png" "file://$tmp/$name.html" >/dev/null 2>&1
    mv "$tmp/shot.png" "$DIR/$name.png"
    echo "wrote $DIR/$name.png"
}

shot report-2016 2000 solve "$S"
shot report-2016-short 2000 solve "$S" --set sources.policy_loans.arrived=20000000
shot report-2016-gap-en 2000 solve "$S" --set 'sites[0].costs.infrastructure=120000000' \
    --set 'sites[6].costs.housing_per_m2=4000' --lang en
shot report-whatif 1800 whatif "$S" --set 'sites[0].costs.housing_per_m2=4400'
shot report-batch 1200 batch "$S" scenarios/example-county/2017.json
shot report-sensitivity 1250 sensitivity "$S"
