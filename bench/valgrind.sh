#!/bin/sh
# bench/valgrind.sh [BUILD]: valgrind --leak-check=full on solve, validate, audit and export of the bundled files.
# Fails when valgrind reports an error or a leak (definitely, indirectly or possibly lost).
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
command -v valgrind >/dev/null || { echo "bench/valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
BIN="$BUILD/relocfund"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
VG="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --quiet"
fail=0
run() {
  # Exit codes 0-4 are the tool's own answers; 99 is valgrind's.
  set +e
  $VG "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  set -e
  if [ $rc -eq 99 ] || grep -q '^==[0-9]*==' "$TMP/err"; then
    echo "valgrind: FAIL: relocfund $*" >&2
    grep '^==' "$TMP/err" | head -40 >&2
    fail=1
  else
    echo "valgrind: clean (exit $rc): relocfund $*"
  fi
}
for s in scenarios/example-county/*.json; do
  run solve "$s" --time-limit 600
  run solve "$s" --time-limit 600 --format json -o "$TMP/plan.json"
  run validate "$s"
done
run validate models/example-county.json
run validate tests/roster/bad-values.csv scenarios/example-county/2016.json
for r in tests/roster/*.csv tests/fuzz-seeds/roster/*.csv; do
  run audit "$r" --scenario scenarios/example-county/2016.json
done
run export scenarios/example-county/2016.json --lp "$TMP/m.lp" --level 3
run export scenarios/example-county/2016.json --gmpl-data "$TMP/m.dat" --level 3
run solve scenarios/example-county/2016.json --set sources.policy_loans.arrived=0
run whatif scenarios/example-county/2016.json --time-limit 600 --set sources.policy_loans.arrived=40000000
run sensitivity scenarios/example-county/2016.json --time-limit 600
run reverse scenarios/example-county/2016.json --time-limit 600
run compare scenarios/example-county/2016.json scenarios/example-county/2017.json
run batch scenarios/example-county/2016.json scenarios/example-county/2017.json -j 2 --time-limit 600
run solve /nonexistent.json
exit $fail
