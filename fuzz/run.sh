#!/bin/sh
# fuzz/run.sh SECONDS [TARGET...]: runs each fuzz target (scenario, roster, path, province,
# refgraph, xlsx, request) for SECONDS.
# Seeds come from the bundled files; the growing corpus and any crash stay in
# $FUZZ_BUILD (default build-fuzz).  Exits non-zero when a target finds a crash.
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
TARGETS=${*:-scenario roster path province refgraph xlsx request}
OUT=${FUZZ_BUILD:-build-fuzz}
sh fuzz/build.sh
status=0
for t in $TARGETS; do
  corpus="$OUT/corpus-$t"
  mkdir -p "$corpus" "$OUT/artifacts-$t"
  case $t in
    scenario) seeds="scenarios/*/*.json models/*.json tests/bad/*.json" ;;
    roster)   seeds="tests/roster/*.csv tests/fuzz-seeds/roster/*" ;;
    path)     seeds="tests/fuzz-seeds/path/*" ;;
    province) seeds="tests/fuzz-seeds/province/*" ;;
    refgraph) seeds="tests/fuzz-seeds/refgraph/*" ;;
    xlsx)     seeds="tests/fuzz-seeds/xlsx/*" ;;
    request)  seeds="tests/fuzz-seeds/request/*" ;;
  esac
  for f in $seeds; do [ -f "$f" ] && cp "$f" "$corpus/" || true; done
  dict=""
  [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
  echo "fuzz_$t: ${SECS}s"
  if ! "$OUT/fuzz_$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
       $dict -artifact_prefix="$OUT/artifacts-$t/" "$corpus" 2>"$OUT/fuzz_$t.log"; then
    echo "fuzz_$t: FAILED; see $OUT/fuzz_$t.log and $OUT/artifacts-$t/" >&2
    tail -40 "$OUT/fuzz_$t.log" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$OUT/fuzz_$t.log" || true
  fi
done
exit $status
