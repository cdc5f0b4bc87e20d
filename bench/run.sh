#!/bin/sh
# bench/run.sh: relocfund batch against glpsol and clp on the same model, at county, province and national scale.
#
# One command:  bench/run.sh
# Environment:  SCALES="county province national"  (any subset, in order)
#               JOBS=<threads for relocfund>          (default: processors online)
#               OUT=/tmp/relocfund-bench               (generated files and logs)
#               SEED=1
#               GLPSOL_LIMIT_NATIONAL=60  GLPSOL_LIMIT=120  CLP_LIMIT=600   (seconds)
#               CLP_ALL_LEVELS="county province"   (scales where clp also solves levels 1-9)
# It builds relocfund (Release) in build-bench/, generates each scale with
# relocfund-gen, runs `relocfund batch` end to end (read, validate, build,
# solve every level, round to the fen, write the JSON roll-up), exports the
# monolithic LP of the same counties (level 1, the unfunded gap) and solves
# it with glpsol and clp, each under /usr/bin/time.  Where CLP_ALL_LEVELS
# says, clp also solves the whole lexicographic model the way another solver
# would have to: the monolith of every level K with levels 1..K-1 fixed at
# their optima (relocfund export --all-levels), one run a level, times added.
# The table goes to standard output and to $OUT/results.md.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
OUT=${OUT:-/tmp/relocfund-bench}
SCALES=${SCALES:-"county province national"}
SEED=${SEED:-1}
JOBS=${JOBS:-$(getconf _NPROCESSORS_ONLN)}
GLPSOL_LIMIT=${GLPSOL_LIMIT:-120}
GLPSOL_LIMIT_NATIONAL=${GLPSOL_LIMIT_NATIONAL:-60}
CLP_LIMIT=${CLP_LIMIT:-600}
CLP_ALL_LEVELS=${CLP_ALL_LEVELS:-"county province"}

# The tools: glpsol (glpk-utils), clp (coinor-clp), /usr/bin/time (time).
if ! command -v glpsol >/dev/null || ! command -v clp >/dev/null || [ ! -x /usr/bin/time ]; then
    sh "$ROOT/scripts/setup-debian.sh"
fi

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRELOCFUND_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target relocfund-cli relocfund-gen >/dev/null
RF="$BUILD/relocfund"
GEN="$BUILD/relocfund-gen"
mkdir -p "$OUT"

# timed NAME LIMIT CMD...: runs CMD under /usr/bin/time (and `timeout LIMIT`
# when LIMIT > 0); leaves "wall_s peak_kib exit user_s sys_s" in $OUT/NAME.time.
timed() {
    name=$1 limit=$2
    shift 2
    set +e
    if [ "$limit" -gt 0 ]; then
        /usr/bin/time -f "%e %M %x %U %S" -o "$OUT/$name.time" timeout "$limit" "$@" \
            >"$OUT/$name.out" 2>"$OUT/$name.err"
    else
        /usr/bin/time -f "%e %M %x %U %S" -o "$OUT/$name.time" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
    fi
    set -e
    tail -n 1 "$OUT/$name.time"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

TABLE="$OUT/results.md"
: >"$OUT/cpu.txt"
{
    echo "| scale | counties | sites | relocfund batch -j $JOBS: levels 1-9, fen, JSON | glpsol, level 1 | clp, level 1 | clp, levels 1-9 | glpsol 1 / relocfund | clp 1 / relocfund | clp 1-9 / relocfund |"
    echo "|---|---:|---:|---|---|---|---|---:|---:|---:|"
} >"$TABLE"

for scale in $SCALES; do
    dir="$OUT/$scale"
    rm -rf "$dir"
    "$GEN" --scale "$scale" --seed "$SEED" -o "$dir" >"$OUT/$scale-gen.txt"
    counties=$(grep -c '"counties/' "$dir/province.json")
    sites=$(sed -n 's/.* \([0-9]*\) sites.*/\1/p' "$OUT/$scale-gen.txt")

    # relocfund end to end; exit 1 (some county has a gap or a violation) is a result, not a failure.
    set -- $(timed "$scale-relocfund" 0 "$RF" batch "$dir/province.json" -j "$JOBS" \
        --format json -o "$dir/rollup.json" --no-progress)
    rf_s=$1 rf_k=$2 rf_x=$3
    rf_cpu=$(awk -v u="$4" -v s="$5" -v n="$counties" 'BEGIN { printf "%.0f", (u + s) * 1000 / n }')
    echo "$scale: relocfund used $(awk -v u="$4" -v s="$5" 'BEGIN { print u + s }') s of CPU: ${rf_cpu} ms a county" >>"$OUT/cpu.txt"
    case $rf_x in 0|1) ;; *) echo "relocfund batch failed at $scale scale (exit $rf_x):" >&2; cat "$OUT/$scale-relocfund.err" >&2; exit 1 ;; esac

    # The same counties as one LP (level 1), for the other solvers.
    set -- $(timed "$scale-export" 0 "$RF" export "$dir/province.json" -j "$JOBS" --mps "$dir/monolith.mps")
    ex_s=$1
    mps_mb=$(du -m "$dir/monolith.mps" | cut -f1)
    [ "$3" -eq 0 ] || { echo "export failed at $scale scale" >&2; cat "$OUT/$scale-export.err" >&2; exit 1; }

    limit=$GLPSOL_LIMIT
    [ "$scale" = national ] && limit=$GLPSOL_LIMIT_NATIONAL
    set -- $(timed "$scale-glpsol" $((limit + 120)) glpsol --freemps "$dir/monolith.mps" --tmlim "$limit" \
        -o "$dir/glpsol.sol")
    g_s=$1 g_k=$2 g_x=$3
    if grep -q "TIME LIMIT EXCEEDED" "$OUT/$scale-glpsol.out"; then
        g_note="hit its ${limit} s limit"
    elif grep -q "OPTIMAL LP SOLUTION FOUND" "$OUT/$scale-glpsol.out"; then
        g_note="optimal"
    elif [ "$g_x" = 124 ]; then
        g_note="killed after $((limit + 120)) s (reading the file took most of its ${limit} s limit)"
    else
        g_note="exit $g_x"
    fi

    # clp reads relocfund's MPS as it is (short names, fields where fixed MPS has them).
    set -- $(timed "$scale-clp" "$CLP_LIMIT" clp "$dir/monolith.mps" -seconds "$CLP_LIMIT" -solve)
    c_s=$1 c_k=$2 c_x=$3
    if grep -q "^Optimal objective" "$OUT/$scale-clp.out"; then
        c_note="optimal"
    elif [ "$c_x" = 124 ]; then
        c_note="killed at ${CLP_LIMIT} s"
    else
        c_note=$(grep -m1 -i "stopped\|infeasible" "$OUT/$scale-clp.out" || echo "exit $c_x")
    fi

    # clp on every level, as another solver would have to solve the model.
    all_cell="-" all_ratio="-"
    case " $CLP_ALL_LEVELS " in *" $scale "*)
        set -- $(timed "$scale-export-all" 0 "$RF" export "$dir/province.json" -j "$JOBS" \
            --all-levels --mps "$dir/level.mps")
        [ "$3" -eq 0 ] || { echo "export --all-levels failed at $scale scale" >&2; exit 1; }
        a_s=0 a_k=0 a_ok=0 k=1
        while [ -f "$dir/level.l$k.mps" ]; do
            set -- $(timed "$scale-clp-l$k" "$CLP_LIMIT" clp "$dir/level.l$k.mps" -seconds "$CLP_LIMIT" -solve)
            a_s=$(awk -v a="$a_s" -v b="$1" 'BEGIN { printf "%.2f", a + b }')
            [ "$2" -gt "$a_k" ] && a_k=$2
            grep -q "^Optimal objective" "$OUT/$scale-clp-l$k.out" && a_ok=$((a_ok + 1))
            rm -f "$dir/level.l$k.mps" "$dir/level.l$k.mps.names.csv"
            k=$((k + 1))
        done
        all_cell="${a_s} s, $(mib "$a_k") MiB, $a_ok of $((k - 1)) optimal"
        all_ratio=$(ratio "$a_s" "$rf_s")
        ;;
    esac

    echo "| $scale | $counties | $sites | ${rf_s} s, $(mib "$rf_k") MiB | ${g_s} s, $(mib "$g_k") MiB, $g_note | ${c_s} s, $(mib "$c_k") MiB, $c_note | $all_cell | $(ratio "$g_s" "$rf_s") | $(ratio "$c_s" "$rf_s") | $all_ratio |" >>"$TABLE"
    rm -f "$dir/monolith.mps" "$dir/monolith.mps.names.csv" "$dir/glpsol.sol"
    echo "$scale: relocfund ${rf_s} s; export ${ex_s} s ($mps_mb MB MPS); glpsol ${g_s} s ($g_note); clp ${c_s} s ($c_note)" >&2
done

echo
echo "relocfund $("$RF" --version | cut -d' ' -f2), $(nproc) processors, $(uname -m); bench/run.sh with SCALES=\"$SCALES\" SEED=$SEED JOBS=$JOBS"
echo
cat "$TABLE"
echo
echo "relocfund: every level (unfunded gap ... site entitlement), rounding to the fen, JSON written."
echo "glpsol and clp, level 1: only the first level of the same counties, as one LP (relocfund export --mps)."
echo "clp, levels 1-9: nine runs, level K with levels 1..K-1 fixed at their optima (relocfund export --all-levels)."
cat "$OUT/cpu.txt"
