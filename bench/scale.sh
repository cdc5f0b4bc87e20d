#!/bin/sh
# bench/scale.sh: relocfund's cost against the size of a county (25-1,000 sites, money ample or a quarter short) beside clp on level 2, and a heavy-tailed national set in batch.
#
# One command:  bench/scale.sh
# Environment:  SIZES="25 100 400 800 1000"   centralized sites of the single counties
#               MONEY="ample short"            ample: funds at the standards; short: a
#                                              quarter of what the county needs missing
#               RUNS=3        runs of each timed command (the median is shown) ...
#               REPEAT_MAX=20 ... unless its first run took longer (s): then one run
#               CALLGRIND_MAX=800  callgrind on single counties up to this many sites (0: none;
#                                  800 short takes about 5 minutes under callgrind)
#               PROFILE="400 800"  sites whose GLPK calls are timed by level (bench/glpk-calls.c)
#               NATIONAL=1    also the heavy-tailed national set (0: not)
#               COUNTIES=1400 counties of that set
#               JOBS=2        threads of `relocfund batch` (national set)
#               SEED=1  OUT=/tmp/relocfund-scale  BUILD=<source>/build-bench
#               RF_LIMIT=600 CLP_LIMIT=600 BATCH_LIMIT=600 CALLGRIND_LIMIT=600  (s, each run)
# It builds relocfund (Release) in $BUILD, writes each county with
#   relocfund-gen --counties 1 --sites N --sizes heavy --short-share 0|1 --seed $SEED
# and times, under /usr/bin/time:
#   relocfund solve COUNTY --format json -o plan.json --verbose --time-limit $RF_LIMIT
# end to end (read, build, all nine levels, rounding to the fen, JSON written), with the
# split that --verbose prints ("relocfund: timing:"); then clp alone on level 2 of the same
# county (relocfund export COUNTY --level 2 --mps: level 1 fixed at its optimum), and
# checks that clp's optimum is relocfund's.  Last, the national set
#   relocfund-gen --scale national --sizes heavy --seed $SEED
#   relocfund batch province.json -j $JOBS --format json -o rollup.json
# (wall, CPU, peak RSS), first with each policy's own time limit of a simplex call (the
# tool as it ships; counties that fail are counted), then with --time-limit $RF_LIMIT.
# A failed or killed run is a result in the tables, not the end of the run.  Tables go
# to standard output and $OUT/results.md, with the targets of issue 12 and whether each
# is met.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
OUT=${OUT:-/tmp/relocfund-scale}
SIZES=${SIZES:-"25 100 400 800 1000"}
MONEY=${MONEY:-"ample short"}
RUNS=${RUNS:-3}
REPEAT_MAX=${REPEAT_MAX:-20}
CALLGRIND_MAX=${CALLGRIND_MAX:-800}
PROFILE=${PROFILE-"400 800"}
NATIONAL=${NATIONAL:-1}
COUNTIES=${COUNTIES:-1400}
JOBS=${JOBS:-2}
SEED=${SEED:-1}
RF_LIMIT=${RF_LIMIT:-600}
CLP_LIMIT=${CLP_LIMIT:-600}
BATCH_LIMIT=${BATCH_LIMIT:-600}
CALLGRIND_LIMIT=${CALLGRIND_LIMIT:-600}

# The tools: clp (coinor-clp), /usr/bin/time (time), valgrind when callgrind is wanted.
if ! command -v clp >/dev/null || [ ! -x /usr/bin/time ]; then
    sh "$ROOT/scripts/setup-debian.sh"
fi
if [ "$CALLGRIND_MAX" -gt 0 ] && ! command -v valgrind >/dev/null; then
    echo "bench/scale.sh: no valgrind; no instruction counts (CALLGRIND_MAX=0)" >&2
    CALLGRIND_MAX=0
fi

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRELOCFUND_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target relocfund-cli relocfund-gen relocfund-glpk-calls >/dev/null
RF="$BUILD/relocfund"
GEN="$BUILD/relocfund-gen"
SHIM="$BUILD/librelocfund-glpk-calls.so"
mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# timed NAME LIMIT CMD...: runs CMD under /usr/bin/time and `timeout LIMIT`; stdout and
# stderr go to $OUT/NAME.out and .err; prints "wall_s peak_kib exit user_s sys_s" (the
# wall time from the nanosecond clock: /usr/bin/time's has two decimals).
timed() {
    name=$1 limit=$2
    shift 2
    set +e
    t0=$(date +%s%N)
    /usr/bin/time -f "%M %x %U %S" -o "$OUT/$name.time" timeout "$limit" "$@" \
        >"$OUT/$name.out" 2>"$OUT/$name.err"
    t1=$(date +%s%N)
    set -e
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }') $(tail -n 1 "$OUT/$name.time")"
}

# median V...: the median of the numbers given (the lower middle of an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# field TEXT WORD: the number after "WORD " in the timing line TEXT.
field() { printf '%s\n' "$1" | sed -n "s/.* $2 \([0-9.]*\) s.*/\1/p"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
fmt_s() { awk -v s="$1" 'BEGIN { if (s < 10) printf "%.3f", s; else printf "%.1f", s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

SCALE="$OUT/scale.md"
PROF="$OUT/glpk-calls.md"
: >"$OUT/per-site.txt"
: >"$OUT/per-site-ir.txt"
{
    echo "| sites | money | relocfund plan | relocfund: 9 levels + rounding, end to end | read | build | levels | rounding | report | simplex iterations | µs a site | instructions (callgrind) | clp, level 2 alone | clp 2 / relocfund |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$SCALE"
{
    echo "| sites | money | problem | level | GLPK call | calls | seconds | iterations |"
    echo "|---:|---|---|---:|---|---:|---:|---:|"
} >"$PROF"

for n in $SIZES; do
    for money in $MONEY; do
        case $money in
        ample) share=0 ;;
        short) share=1 ;;
        *) echo "bench/scale.sh: MONEY: ample or short, not '$money'" >&2; exit 2 ;;
        esac
        case=s$n-$money
        dir="$OUT/$case"
        rm -rf "$dir"
        "$GEN" -q --counties 1 --sites "$n" --sizes heavy --short-share "$share" --seed "$SEED" \
            -o "$dir"
        county="$dir/counties/c0001.json"

        # relocfund end to end; exit 1 (a gap or a household over the cap) is a result.
        walls="" reads="" builds="" levels="" rounds="" reports="" k=0 iters="-" rf_exit=0
        while [ $k -lt "$RUNS" ]; do
            set -- $(timed "$case-rf" "$RF_LIMIT" "$RF" solve "$county" --format json \
                -o "$dir/plan.json" --verbose --time-limit "$RF_LIMIT")
            rf_exit=$3
            case $rf_exit in 0|1) ;; *)
                echo "relocfund solve failed on $case (exit $rf_exit):" >&2
                grep '^relocfund: error' "$OUT/$case-rf.err" >&2 || true
                walls="$walls $1"
                break ;;
            esac
            t=$(grep 'relocfund: timing:' "$OUT/$case-rf.err")
            walls="$walls $1"
            reads="$reads $(field "$t" read)"
            builds="$builds $(field "$t" build)"
            levels="$levels $(field "$t" levels)"
            rounds="$rounds $(field "$t" rounding)"
            reports="$reports $(field "$t" report)"
            iters=$(printf '%s\n' "$t" | sed -n 's/.* \([0-9]*\) simplex iterations.*/\1/p')
            k=$((k + 1))
            [ "$(awk -v w="$1" -v m="$REPEAT_MAX" 'BEGIN { print (w > m) }')" = 1 ] && break
        done
        rf_s=$(median $walls)
        case $rf_exit in
        0|1) plan=$(sed -n 's/^  "status": "\([a-z_]*\)".*/\1/p' "$dir/plan.json") ;;
        124) plan="killed at $RF_LIMIT s" ;;
        *) plan="failed (exit $rf_exit): $(sed -n 's/^relocfund: error: [^:]*: //p' "$OUT/$case-rf.err" | head -n 1)" ;;
        esac
        per_site=$(awk -v s="$rf_s" -v n="$n" 'BEGIN { printf "%.0f", s * 1e6 / n }')
        case $rf_exit in 0|1) echo "$money $n $per_site" >>"$OUT/per-site.txt" ;; esac
        rf_l2=$(sed -n 's/.*"cap_excess", "optimum_wan": \([0-9.]*\).*/\1/p' "$dir/plan.json" 2>/dev/null || true)

        # callgrind: instructions, the same on every run whatever the load.
        ir="-"
        if [ "$n" -le "$CALLGRIND_MAX" ]; then
            set -- $(timed "$case-callgrind" "$CALLGRIND_LIMIT" valgrind --tool=callgrind \
                --callgrind-out-file="$dir/callgrind.out" "$RF" solve "$county" --format json \
                -o "$dir/plan-cg.json" --time-limit 86400)
            if [ -f "$dir/callgrind.out" ] && grep -q '^summary:' "$dir/callgrind.out"; then
                ir=$(awk -v n="$n" '/^summary:/ { printf "%.3g (%.3g a site)", $2, $2 / n }' \
                    "$dir/callgrind.out")
                awk -v n="$n" -v m="$money" '/^summary:/ { printf "%s %s %.0f\n", m, n, $2 / n }' \
                    "$dir/callgrind.out" >>"$OUT/per-site-ir.txt"
            else
                ir="over ${CALLGRIND_LIMIT} s"
            fi
            rm -f "$dir/callgrind.out" "$dir/plan-cg.json"
        fi

        # GLPK's calls by level (wall time inside GLPK, from bench/glpk-calls.c).
        case " $PROFILE " in *" $n "*)
            set +e
            timeout "$RF_LIMIT" env RF_GLPK_CALLS="$dir/glpk-calls.txt" LD_PRELOAD="$SHIM" "$RF" \
                solve "$county" --format json -o "$dir/plan-shim.json" --time-limit "$RF_LIMIT" \
                2>/dev/null
            set -e
            awk -v n="$n" -v m="$money" '$1 != "total" {
                    printf "| %s | %s | %s | %s | %s | %s | %.3f | %s |\n", n, m, $1, $2, $3, $4, $5, $6 }
                $1 == "total" { printf "| %s | %s | all | | in GLPK | | %.3f | |\n", n, m, $2 }' \
                "$dir/glpk-calls.txt" >>"$PROF"
            rm -f "$dir/plan-shim.json"
            ;;
        esac

        # clp on level 2 of the same county: the first level another solver has to solve
        # with level 1 fixed (relocfund writes it with level 1 at its optimum).
        set -- $(timed "$case-export" "$RF_LIMIT" "$RF" export "$county" --level 2 -j 1 \
            --time-limit "$RF_LIMIT" --mps "$dir/level2.mps")
        walls="" k=0 c_note=""
        if [ "$3" -ne 0 ]; then
            echo "export failed on $case (exit $3)" >&2
            walls=0 k=$RUNS c_note=", no level 2 file: relocfund export exited $3"
        fi
        while [ $k -lt "$RUNS" ]; do
            set -- $(timed "$case-clp" "$CLP_LIMIT" clp "$dir/level2.mps" -seconds "$CLP_LIMIT" -solve)
            walls="$walls $1"
            k=$((k + 1))
            [ "$(awk -v w="$1" -v m="$REPEAT_MAX" 'BEGIN { print (w > m) }')" = 1 ] && break
        done
        clp_s=$(median $walls)
        clp_obj=$(sed -n 's/^Optimal objective \([-0-9.e+]*\).*/\1/p' "$OUT/$case-clp.out" 2>/dev/null)
        if [ -n "$c_note" ]; then
            :
        elif [ -z "$clp_obj" ]; then
            c_note=", $([ "$3" = 124 ] && echo "killed at ${CLP_LIMIT} s" || echo "no optimum (exit $3)")"
        elif [ "$(awk -v a="$clp_obj" -v b="$rf_l2" 'BEGIN { d = a - b; if (d < 0) d = -d; print (d > 1e-6 * (1 + b)) }')" = 1 ]; then
            c_note=", optimum $clp_obj 万元 against relocfund's $rf_l2"
        fi
        rm -f "$dir/level2.mps" "$dir/level2.mps.names.csv"

        echo "| $n | $money | $plan | $(fmt_s "$rf_s") s | $(ms "$(median $reads)") ms | $(ms "$(median $builds)") ms | $(fmt_s "$(median $levels)") s | $(fmt_s "$(median $rounds)") s | $(ms "$(median $reports)") ms | $iters | $per_site | $ir | $(fmt_s "$clp_s") s$c_note | $(ratio "$clp_s" "$rf_s") |" >>"$SCALE"
        echo "$case: relocfund $rf_s s ($plan), clp level 2 $clp_s s, instructions $ir" >&2
        [ "$n" = 800 ] && [ "$money" = short ] && echo "$rf_s $clp_s $rf_exit" >"$OUT/target-800.txt"
    done
done

NAT="$OUT/national.md"
: >"$NAT"
if [ "$NATIONAL" = 1 ]; then
    dir="$OUT/national"
    rm -rf "$dir"
    "$GEN" --scale national --counties "$COUNTIES" --sizes heavy --seed "$SEED" -o "$dir" \
        >"$OUT/national-gen.txt"
    # First with each policy's own time limit of a simplex call (10 s): the tool as it
    # ships.  Counties that fail there are solved without that limit in the timed runs.
    set -- $(timed national-default "$BATCH_LIMIT" "$RF" batch "$dir/province.json" -j "$JOBS" \
        --format json -o "$dir/rollup.json" --no-progress)
    nat_default_exit=$3
    nat_failed=$(grep -c '^relocfund: error: ' "$OUT/national-default.err" || true)
    nat_default="$(fmt_s "$1") s, exit $3"
    [ "$nat_failed" -gt 0 ] && nat_default="$nat_default: $nat_failed counties failed"
    walls="$1" cpus="$(awk -v u="$4" -v s="$5" 'BEGIN { print u + s }')" rss="$2" k=1 nat_exit=$3
    if [ "$nat_default_exit" -gt 1 ]; then
        walls="" cpus="" rss="" k=0
    fi
    while [ $k -lt "$RUNS" ]; do
        [ -n "$walls" ] && [ "$(awk -v w="$(median $walls)" -v m="$REPEAT_MAX" 'BEGIN { print (w > m) }')" = 1 ] && break
        set -- $(timed national-batch "$BATCH_LIMIT" "$RF" batch "$dir/province.json" -j "$JOBS" \
            --time-limit "$RF_LIMIT" --format json -o "$dir/rollup.json" --no-progress)
        nat_exit=$3
        case $3 in 0|1) ;; *)
            echo "relocfund batch failed on the national set (exit $3):" >&2
            grep '^relocfund: error' "$OUT/national-batch.err" >&2 || true ;;
        esac
        walls="$walls $1"
        cpus="$cpus $(awk -v u="$4" -v s="$5" 'BEGIN { print u + s }')"
        rss="$rss $2"
        k=$((k + 1))
    done
    nat_s=$(median $walls)
    nat_cpu=$(median $cpus)
    nat_mib=$(awk -v k="$(median $rss)" 'BEGIN { printf "%.0f", k / 1024 }')
    nat_note=""
    [ "$nat_exit" -le 1 ] || nat_note=" (exit $nat_exit: $(grep -c '^relocfund: error: ' "$OUT/national-batch.err" || true) counties failed)"
    {
        echo "| national set | counties | sites | relocfund batch -j $JOBS, wall | CPU (user + sys) | peak RSS | with the policies' 10 s limit a simplex call |"
        echo "|---|---:|---:|---:|---:|---:|---|"
        counties=$(grep -c '"counties/' "$dir/province.json")
        sites=$(sed -n 's/.* \([0-9][0-9]*\) sites.*/\1/p' "$OUT/national-gen.txt")
        echo "| heavy-tailed, seed $SEED | $counties | $sites | $(fmt_s "$nat_s") s$nat_note | $(fmt_s "$nat_cpu") s | $nat_mib MiB | $nat_default |"
        echo
        sed -n 's/^county sizes/County sizes/p' "$OUT/national-gen.txt"
    } >"$NAT"
    rm -f "$dir/rollup.json"
fi

# The targets of issue 12, item 2.
TARGETS="$OUT/targets.md"
{
    echo "| target | measured | met |"
    echo "|---|---|---|"
    if [ -f "$OUT/target-800.txt" ]; then
        read -r rf800 clp800 x800 <"$OUT/target-800.txt"
        x=$(ratio "$clp800" "$rf800")
        echo "| 800-site short county, all nine levels, at least 5x faster than clp on level 2 alone | relocfund $(fmt_s "$rf800") s$([ "$x800" -le 1 ] || echo " (exit $x800)"), clp $(fmt_s "$clp800") s: ${x}x | $(awk -v x="$x" -v e="$x800" 'BEGIN { print (x >= 5 && e <= 1 ? "yes" : "no") }') |"
        rm -f "$OUT/target-800.txt"
    fi
    for money in $MONEY; do
        awk -v m="$money" '$1 == m { n++; if (lo == "" || $3 < lo) { lo = $3; ln = $2 } if ($3 > hi) { hi = $3; hn = $2 } }
            END { if (n > 1) printf "| time per site about flat from the smallest to the largest county, %s (largest / smallest at most 2) | %s µs a site at %s sites to %s µs at %s sites: %.1fx | %s |\n",
                m, lo, ln, hi, hn, hi / lo, (hi / lo <= 2 ? "yes" : "no") }' "$OUT/per-site.txt"
        awk -v m="$money" '$1 == m { n++; if (lo == "" || $3 < lo) { lo = $3; ln = $2 } if ($3 > hi) { hi = $3; hn = $2 } }
            END { if (n > 1) printf "| ... the same in instructions (callgrind: the load of the machine does not change them), %s | %.3g a site at %s sites to %.3g at %s sites: %.1fx | %s |\n",
                m, lo, ln, hi, hn, hi / lo, (hi / lo <= 2 ? "yes" : "no") }' "$OUT/per-site-ir.txt"
    done
    if [ "$NATIONAL" = 1 ]; then
        echo "| heavy-tailed national set ($COUNTIES counties) under 10 s on two cores | $(fmt_s "$nat_s") s$nat_note with -j $JOBS ($(fmt_s "$nat_cpu") s of CPU); with the policies' own time limit: $nat_default | $(awk -v s="$nat_s" -v e="$nat_default_exit" -v x="$nat_exit" 'BEGIN { print (s < 10 && e <= 1 && x <= 1 ? "yes" : "no") }') |"
        echo "| ... and under 2 GiB | $nat_mib MiB | $(awk -v m="$nat_mib" 'BEGIN { print (m < 2048 ? "yes" : "no") }') |"
    fi
} >"$TARGETS"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "relocfund $("$RF" --version | cut -d' ' -f2) (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')), $(nproc) processors, $(uname -m); bench/scale.sh with SIZES=\"$SIZES\" MONEY=\"$MONEY\" SEED=$SEED RUNS=$RUNS JOBS=$JOBS; load average $LOAD_BEFORE before, $LOAD_AFTER after"
    echo
    cat "$SCALE"
    echo
    echo "Median of $RUNS runs (one when the first took over $REPEAT_MAX s). relocfund: read and validate, build, all nine levels, rounding to the fen, JSON written (--verbose gives the split; \"plan\" is the rest of rf_plan_solve). clp: level 2 (cap excess) alone, level 1 fixed at its optimum, from relocfund export --level 2 --mps."
    if [ -n "$PROFILE" ]; then
        echo
        echo "Time inside GLPK by problem and level (bench/glpk-calls.c; level 0: the check of the starting basis before level 1; rounding: rf_solve_round's LP):"
        echo
        cat "$PROF"
    fi
    if [ "$NATIONAL" = 1 ]; then
        echo
        cat "$NAT"
    fi
    echo
    echo "Targets (issue 12, item 2):"
    echo
    cat "$TARGETS"
} | tee "$OUT/results.md"
