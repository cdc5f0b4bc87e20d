#!/bin/sh
# bench/whatif.sh: a 101-point what-if sweep (warm-started, and from scratch in one
# process) against 101 separate `relocfund solve --set` runs, on the 2016 example county.
# Usage: bench/whatif.sh [BUILD_DIR]   (default build-bench-whatif, configured Release here)
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build-bench-whatif}
if [ ! -x "$BUILD/relocfund" ]; then
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRELOCFUND_TESTS=OFF >/dev/null
    cmake --build "$BUILD" -j2 --target relocfund-cli >/dev/null
fi
R="$BUILD/relocfund"
S=scenarios/example-county/2016.json
P='sites[0].costs.housing_per_m2'
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }

for run in 1 2 3; do
    t0=$(now)
    "$R" whatif "$S" --sweep "$P=1000:2000:10" --format json -o "$TMP/warm.json" 2>/dev/null || true
    t1=$(now)
    "$R" whatif "$S" --sweep "$P=1000:2000:10" --cold --format json -o "$TMP/cold.json" 2>/dev/null || true
    t2=$(now)
    v=1000
    : > "$TMP/separate.txt"
    while [ "$v" -le 2000 ]; do
        "$R" solve "$S" --set "$P=$v" --format json -o "$TMP/one.json" 2>/dev/null || true
        grep -o '"surplus_industry_yuan": [0-9.]*' "$TMP/one.json" | head -1 >> "$TMP/separate.txt"
        v=$((v + 10))
    done
    t3=$(now)
    grep -o '"surplus_industry_yuan": [0-9.]*' "$TMP/warm.json" > "$TMP/warm.txt"
    same=$(cmp -s "$TMP/warm.txt" "$TMP/separate.txt" && echo yes || echo NO)
    same_cold=$(cmp -s "$TMP/warm.json" "$TMP/cold.json" && echo yes || echo NO)
    echo "run $run: warm sweep $(echo "$t1 - $t0" | bc) s; from-scratch sweep $(echo "$t2 - $t1" | bc) s;" \
         "101 separate solves $(echo "$t3 - $t2" | bc) s; warm = separate: $same; warm = from-scratch: $same_cold"
done
"$R" whatif "$S" --sweep "$P=1000:2000:10" --verbose -o "$TMP/x.txt" 2>&1 | grep 'sweep:' || true
"$R" whatif "$S" --sweep "$P=1000:2000:10" --cold --verbose -o "$TMP/x.txt" 2>&1 | grep 'sweep:' || true
t0=$(now); "$R" solve "$S" -o "$TMP/one.txt" 2>/dev/null || true; t1=$(now)
echo "one solve (process): $(echo "$t1 - $t0" | bc) s"
