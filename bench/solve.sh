#!/bin/sh
# Times `relocfund solve` on the bundled county scenarios: wall time over
# repeated runs (median) and GLPK+relocfund instructions (callgrind, which is
# repeatable whatever else the machine is doing).
# Usage: bench/solve.sh [BUILD_DIR] [RUNS]
set -eu
BUILD=${1:-build}
RUNS=${2:-21}
BIN="$BUILD/relocfund"
[ -x "$BIN" ] || { echo "bench/solve.sh: build first (make)" >&2; exit 2; }
printf '| scenario | sites | median wall (ms) | instructions (callgrind) |\n|---|---:|---:|---:|\n'
for f in scenarios/example-county/2016.json scenarios/example-county/2017.json \
         scenarios/example-county/plan-2016-2020.json; do
    sites=$("$BIN" solve --format json "$f" 2>/dev/null | grep -c '"group": [0-9]*, "registered_households"' || true)
    times=""
    i=0
    while [ $i -lt "$RUNS" ]; do
        s=$(date +%s%N)
        "$BIN" solve --format json "$f" >/dev/null 2>&1 || true
        e=$(date +%s%N)
        times="$times $(( (e - s) / 1000 ))"
        i=$((i + 1))
    done
    median=$(printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}')
    ir="-"
    if command -v valgrind >/dev/null 2>&1; then
        out=$(mktemp)
        # No time limit under valgrind: a solve cut short would count fewer.
        valgrind --tool=callgrind --callgrind-out-file="$out" "$BIN" solve --time-limit 86400 \
            --format json "$f" >/dev/null 2>&1 || true
        ir=$(awk '/^summary:/ {print $2}' "$out")
        rm -f "$out"
    fi
    printf '| %s | %s | %s | %s |\n' "$f" "$sites" "$median" "$ir"
done
