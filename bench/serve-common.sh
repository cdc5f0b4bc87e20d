# Sourced by bench/serve.sh and bench/serve-page.sh: the two counties they
# time and starting relocfund serve on one of them.  Both need set -eu, a
# scratch directory TMP and the relocfund binary RF.

# Prints the counties timed, one a line: the 2016 example county and a
# generated county of 100 sites (relocfund-gen --sites 100 --seed 1, made
# under $TMP/gen by the relocfund-gen of build directory $1).
serve_counties() {
    "$1/relocfund-gen" --sites 100 --seed 1 -o "$TMP/gen" >/dev/null
    echo scenarios/example-county/2016.json
    echo "$TMP/gen/counties/c0001.json"
}

# Starts `$RF serve $1 --port 0` in the background (its pid in $pid) and
# waits up to 10 s for the address it prints, then in $TMP/url.
serve_start() {
    rm -f "$TMP/url"
    "$RF" serve "$1" --port 0 >"$TMP/url" 2>/dev/null &
    pid=$!
    i=0
    while [ ! -s "$TMP/url" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

# Stops the server serve_start started.
serve_stop() {
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
}
