#!/bin/sh
# bench/profile.sh: where `relocfund solve` spends its CPU on single heavy-spread counties, by stage and by the GLPK call each stage makes (perf).
#
# One command:  bench/profile.sh            (400 and 800 sites, money ample and short)
#               bench/profile.sh 1000       (other sizes)
# Environment:  MONEY="ample short"  SEED=1  OUT=/tmp/relocfund-profile
#               BUILD=<source>/build-prof  LIMIT=600 (s, each run)  FREQ=999 (samples a second)
# The counties are bench/scale.sh's (relocfund-gen --counties 1 --sites N --sizes heavy
# --short-share 0|1 --seed $SEED).  relocfund is built RelWithDebInfo with frame pointers
# in $BUILD; `perf record --call-graph dwarf` samples one solve (JSON written), and each
# sample is charged to the innermost relocfund stage on its stack (read, LP build, starting
# basis, levels, rounding, plan, report; CPU = samples / FREQ); within a stage, to the GLPK API call it is
# inside (GLPK has no symbols: its time is known by its caller) or, outside GLPK, to the
# relocfund function at the top of the stack.  bench/glpk-calls.c splits the GLPK time
# by objective level (bench/scale.sh prints it).  Needs perf (linux-perf) and
# kernel.perf_event_paranoid <= 2.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-prof}
OUT=${OUT:-/tmp/relocfund-profile}
MONEY=${MONEY:-"ample short"}
SEED=${SEED:-1}
LIMIT=${LIMIT:-600}
FREQ=${FREQ:-999}
SIZES=${*:-"400 800"}

command -v perf >/dev/null || { echo "bench/profile.sh: perf is not installed (apt-get install linux-perf)" >&2; exit 2; }
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELOCFUND_TESTS=OFF \
    -DCMAKE_C_FLAGS="-fno-omit-frame-pointer" >/dev/null
cmake --build "$BUILD" -j 2 --target relocfund-cli relocfund-gen >/dev/null
mkdir -p "$OUT"

# Reads `perf script` output; prints "stage<TAB>part<TAB>samples" lines.
attribute() {
    awk '
    function stage_of(sym) {
        if (sym == "rf_solve_round") return "rounding (rf_solve_round)"
        if (sym == "rf_crash_basis") return "starting basis (rf_crash_basis)"
        if (sym == "rf_solver_solve" || sym == "rf_solve_levels") return "levels (rf_solve_levels)"
        if (sym == "rf_model_build") return "LP build (rf_model_build)"
        if (sym == "rf_scenario_load") return "read and validate (rf_scenario_load)"
        if (sym == "rf_report_plan_json" || sym == "cli_emit_outcome" || sym == "rf_batch_json") return "report (JSON written)"
        if (sym == "rf_plan_solve") return "plan (rest of rf_plan_solve)"
        if (sym == "rf_plan_free" || sym == "rf_scenario_free") return "freeing"
        return ""
    }
    function flush(   i, st, part, glp, own) {
        if (n == 0) return
        st = ""; glp = ""; own = ""
        for (i = 1; i <= n; i++) {
            st = stage_of(sym[i])
            if (st != "") break
            if (dso[i] ~ /libglpk/) { if (sym[i] ~ /^glp_/) glp = sym[i]; else if (glp == "") glp = "GLPK" }
            else if (own == "" && dso[i] ~ /relocfund/) own = sym[i]
        }
        # The solver calls by name; loading, setting and reading values together.
        if (glp ~ /^glp_(get|set|add|load|del|create|delete|sort|copy)_/ || glp ~ /_prob$/)
            glp = "loading, setting and reading the LP (glp_set_*, glp_get_*, ...)"
        if (st == "") { st = "start-up and exit"; part = "-" }
        else if (glp != "") part = "in GLPK: " glp
        else if (own != "") part = "own code: " own
        else part = "own code: " sym[i] (dso[1] ~ /kernel/ ? " (in the kernel)" : " (in libc)")
        count[st "\t" part]++
        n = 0
    }
    /^[^ \t]/ { flush(); next }
    /^$/ { flush(); next }
    {
        line = $0
        sub(/^[ \t]*[0-9a-f]+ /, "", line)
        d = line; sub(/.*\(/, "", d); sub(/\)$/, "", d)
        s = line; sub(/ \(.*$/, "", s); sub(/\+0x[0-9a-f]+$/, "", s)
        n++; sym[n] = s; dso[n] = d
    }
    END { flush(); for (k in count) print k "\t" count[k] }'
}

{
    echo "| sites | money | CPU | stage | part | share of CPU | ≈ seconds |"
    echo "|---:|---|---:|---|---|---:|---:|"
} >"$OUT/profile.md"
for n in $SIZES; do
    for money in $MONEY; do
        case $money in ample) share=0 ;; short) share=1 ;; *) echo "MONEY: ample or short" >&2; exit 2 ;; esac
        dir="$OUT/s$n-$money"
        rm -rf "$dir"
        "$BUILD/relocfund-gen" -q --counties 1 --sites "$n" --sizes heavy --short-share "$share" \
            --seed "$SEED" -o "$dir"
        set +e
        timeout "$LIMIT" perf record -q -F "$FREQ" \
            --call-graph dwarf,16384 -o "$dir/perf.data" "$BUILD/relocfund" solve \
            "$dir/counties/c0001.json" --format json -o "$dir/plan.json" --time-limit "$LIMIT" \
            --verbose 2>"$dir/solve.err"
        set -e
        grep 'relocfund: timing:' "$dir/solve.err" >&2 || true
        perf script -i "$dir/perf.data" -F comm,tid,period,ip,sym,dso 2>/dev/null | attribute \
            >"$dir/attribution.tsv"
        rm -f "$dir/perf.data"
        # Stages by their total, parts within a stage by theirs; parts under 0.5% folded.
        sort -t "$(printf '\t')" -k3,3nr "$dir/attribution.tsv" | awk -F '\t' -v n="$n" -v m="$money" -v f="$FREQ" '
            { st[NR] = $1; pt[NR] = $2; c[NR] = $3; tot += $3; stot[$1] += $3 }
            END {
                cpu = tot / f
                ns = 0
                for (s in stot) order[++ns] = s
                for (i = 1; i <= ns; i++) for (j = i + 1; j <= ns; j++)
                    if (stot[order[j]] > stot[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
                for (i = 1; i <= ns; i++) {
                    s = order[i]; rest = 0
                    printf "| %s | %s | %.2f s | **%s** | all | **%.1f%%** | **%.2f** |\n", n, m, cpu, s, 100 * stot[s] / tot, cpu * stot[s] / tot
                    for (k = 1; k <= NR; k++) if (st[k] == s) {
                        if (c[k] / tot >= 0.005) printf "| | | | | %s | %.1f%% | %.2f |\n", pt[k], 100 * c[k] / tot, cpu * c[k] / tot
                        else rest += c[k]
                    }
                    if (rest > 0) printf "| | | | | (others) | %.1f%% | %.2f |\n", 100 * rest / tot, cpu * rest / tot
                }
            }' >>"$OUT/profile.md"
    done
done
echo "relocfund (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')), perf record -F $FREQ --call-graph dwarf; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
cat "$OUT/profile.md"
