#!/bin/sh
# bench/audit.sh: times `relocfund audit` against an awk one-liner that does
# only the self-funding cap comparison, side by side on the same synthetic
# roster (default 2,660,000 households), with wall time and peak memory of
# each (wall, CPU user + system, peak RSS); then the same roster as .xlsx;
# then libcsv against relocfund's own CSV reader.  See docs/benchmarks.md.
# On a shared machine compare the CPU times as well as the wall times: the
# load average is printed before and after.
#
#   bench/audit.sh [ROWS]        BUILD=build-bench (default) is the build dir
set -eu
cd "$(dirname "$0")/.."
ROWS=${1:-2660000}
BUILD=${BUILD:-build-bench}
SCENARIO=scenarios/example-county/2016.json
[ -x /usr/bin/time ] || { echo "bench/audit.sh: needs /usr/bin/time (Debian package 'time'; make setup)" >&2; exit 2; }
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRELOCFUND_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target relocfund-cli relocfund-gen-roster >/dev/null
DATA="$BUILD/bench-data"
mkdir -p "$DATA"
ROSTER="$DATA/roster-$ROWS.csv"
if [ ! -f "$ROSTER" ]; then
    "$BUILD/relocfund-gen-roster" -n "$ROWS" --seed 2016 -o "$ROSTER" --expected "$DATA/roster-$ROWS.expected"
fi
AWK=$(readlink -f "$(command -v awk)")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "roster: $ROSTER ($(wc -c <"$ROSTER") bytes, $ROWS rows); awk is $AWK; $(nproc) cores"
cat "$ROSTER" >/dev/null # warm the page cache for both

# peak RSS (kB) and wall time of a command, from GNU time -v
measure() {
    label=$1
    shift
    /usr/bin/time -v "$@" >"$DATA/$label.out" 2>"$DATA/$label.time" || true
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$DATA/$label.time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$DATA/$label.time")
    user=$(sed -n 's/.*User time (seconds): //p' "$DATA/$label.time")
    sys=$(sed -n 's/.*System time (seconds): //p' "$DATA/$label.time")
    printf '%-32s wall %8s  cpu %5s user + %4s sys  peak RSS %7s kB\n' "$label" "$wall" "$user" "$sys" "$rss"
}

AWK_PROG='NR==1{for(i=1;i<=NF;i++)c[$i]=i;next} $c["category"]=="registered" && $c["self_funded_yuan"]+0>10000{n++} END{print n+0}'
for run in 1 2 3; do
    measure "relocfund audit (run $run)" "$BUILD/relocfund" audit "$ROSTER" --scenario "$SCENARIO" \
        --as-of 2018-06-30 --format json --lang en
    measure "awk cap comparison (run $run)" "$AWK" -F, "$AWK_PROG" "$ROSTER"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "awk counted $(cat "$DATA/awk cap comparison (run 3).out") households over the cap;" \
     "the audit counted $(grep -o '"self_funding_over_cap": [0-9]*' "$DATA/relocfund audit (run 3).out" | head -1)" \
     "(expected: $(grep self_funding_over_cap "$DATA/roster-$ROWS.expected"))"

# The roster as an .xlsx workbook (numbers and dates as number and date
# cells), read through rf_xlsx and rf_roster_sheet, beside the same rows as
# CSV: wall, CPU and peak RSS.  A sheet holds at most 1,048,575 households,
# so both are the roster's first rows up to that many.
cmake --build "$BUILD" -j "$(nproc)" --target relocfund-csv-to-xlsx >/dev/null
SHEET_ROWS=$((ROWS < 1048575 ? ROWS : 1048575))
SHEET_CSV="$DATA/roster-$ROWS-first-$SHEET_ROWS.csv"
XLSX="$DATA/roster-$ROWS-first-$SHEET_ROWS.xlsx"
[ -f "$SHEET_CSV" ] || head -n $((SHEET_ROWS + 1)) "$ROSTER" >"$SHEET_CSV"
[ -f "$XLSX" ] || "$BUILD/relocfund-csv-to-xlsx" "$SHEET_CSV" "$XLSX"
echo "workbook: $XLSX ($(wc -c <"$XLSX") bytes, $SHEET_ROWS households)"
for kind in csv xlsx; do
    f="$SHEET_CSV"
    [ $kind = xlsx ] && f="$XLSX"
    measure "relocfund audit, first rows .$kind" "$BUILD/relocfund" audit "$f" \
        --scenario "$SCENARIO" --as-of 2018-06-30 --format json --lang en
    sed 's/"roster": "[^"]*"//' "$DATA/relocfund audit, first rows .$kind.out" >"$DATA/$kind.cmp"
done
# a row short of fields in CSV is a row of blank cells in a sheet: compare
# the summaries and the violations, not the malformed rows' messages
if cmp -s "$DATA/csv.cmp" "$DATA/xlsx.cmp"; then
    echo "the .xlsx audit's JSON is the CSV's"
else
    echo "the .xlsx audit's JSON differs from the CSV's in:"
    diff "$DATA/csv.cmp" "$DATA/xlsx.cmp" | grep '^[<>]' | cut -c1-160 | head -8
fi

# libcsv against the hand-written reader (only when libcsv-dev is installed)
if [ -f /usr/include/csv.h ]; then
    cc -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -Isrc bench/csv-readers.c "$BUILD/librelocfund.a" \
        -lcsv $(pkg-config --libs libcjson) -lglpk -lm -lpthread -o "$BUILD/csv-readers"
    for run in 1 2 3; do "$BUILD/csv-readers" "$ROSTER"; done
fi
