#!/bin/sh
# fuzz/build.sh: builds the libFuzzer targets (clang, ASan + UBSan) into $FUZZ_BUILD (default build-fuzz).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
command -v clang >/dev/null || { echo "fuzz/build.sh: clang is not installed (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
OUT=${FUZZ_BUILD:-build-fuzz}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
# The library, instrumented for coverage but without libFuzzer's main.
cmake -S . -B "$OUT" -DCMAKE_C_COMPILER=clang -DRELOCFUND_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="$SAN -fsanitize=fuzzer-no-link" >/dev/null
cmake --build "$OUT" --target relocfund -j "${JOBS:-2}" >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
# The same Debian libraries the CMake build finds through pkg-config.
PKGS="libcjson libzip expat freexl"
CFLAGS_PKG=$(pkg-config --cflags $PKGS)
LIBS="$(pkg-config --libs $PKGS) -lglpk -lm -lpthread"
[ -f "$OUT/CMakeCache.txt" ] && grep -q "XLSXWRITER_LIBRARY:FILEPATH=/" "$OUT/CMakeCache.txt" && LIBS="$LIBS -lxlsxwriter"
for t in scenario roster path province refgraph xlsx request; do
  clang -std=c11 -Wall -Wextra $SAN -fsanitize=fuzzer -DRF_SOURCE_DIR="\"$ROOT\"" $CFLAGS_PKG \
    -I src/util -I src/input -I src/engine -I src/analysis -I src/report fuzz/fuzz_$t.c "$OUT/librelocfund.a" $LIBS -o "$OUT/fuzz_$t"
done
echo "fuzz targets in $OUT: fuzz_scenario fuzz_roster fuzz_path fuzz_province fuzz_refgraph fuzz_xlsx fuzz_request"
