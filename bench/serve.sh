#!/bin/sh
# Latency of relocfund serve's POST /api/solve (median and p95 over varied
# slider changes, one client, loopback; a new connection for each request,
# then one kept-alive connection as the page's fetch() uses) and of
# POST /api/view (what the page asks for each change), next to one
# `relocfund solve --format json` process on the same changes, for the 2016
# example county and a generated 100-site county (docs/benchmarks.md,
# "relocfund serve").
#   sh bench/serve.sh [BUILD_DIR] [REQUESTS]     (default build, 500)
set -eu
BUILD=${1:-build}
N=${2:-500}
RF="$BUILD/relocfund"
TMP=$(mktemp -d /tmp/rf-bench-serve-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
. "$(dirname "$0")/serve-common.sh"
for scen in $(serve_counties "$BUILD"); do
    serve_start "$scen"
    python3 - "$(cat "$TMP/url")" "$scen" "$RF" "$N" "$pid" <<'PY'
import http.client, json, os, random, resource, statistics, subprocess, sys, time, urllib.parse
url, scen, rf, n, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def server_cpu():
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
u = urllib.parse.urlparse(url)
token = urllib.parse.parse_qs(u.query)["token"][0]
kept = http.client.HTTPConnection(u.hostname, u.port)
def call(method, path, body=None, keep=False):
    # keep: one connection kept alive across requests, as the page's fetch() does;
    # else a new connection for each request.
    c = kept if keep else http.client.HTTPConnection(u.hostname, u.port)
    c.request(method, path, body=body, headers={"X-Relocfund-Token": token})
    r = c.getresponse(); data = r.read()
    if not keep:
        c.close()
    return r.status, data
params = json.loads(call("GET", "/api/scenario")[1])["parameters"]
movable = [p for p in params if p["path"].startswith(("sites[", "sources.policy_loans", "integrated_agri"))]
rng = random.Random(17)
def change():
    p = rng.choice(movable)
    v = p["value"] * rng.uniform(0.7, 1.3)
    v = round(v / p["step"]) * p["step"]
    return ["%s=%s" % (p["path"], ("%.2f" % v).rstrip("0").rstrip("."))]
changes = [change() for _ in range(n)]
def run(path, keep):
    call("POST", path, json.dumps({"set": []}), keep)  # warm
    lat = []
    cpu0 = server_cpu()
    for s in changes:
        t = time.perf_counter()
        st, _ = call("POST", path, json.dumps({"set": s}), keep)
        lat.append((time.perf_counter() - t) * 1000)
        assert st == 200, (st, s)
    cpu = (server_cpu() - cpu0) * 1000 / n
    lat.sort()
    return statistics.median(lat), lat[int(0.95 * len(lat)) - 1], cpu
med, p95, cpu = run("/api/solve", False)
kmed, kp95, kcpu = run("/api/solve", True)
vmed, vp95, vcpu = run("/api/view", True)
proc = []
ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
for s in changes[:30]:
    t = time.perf_counter()
    r = subprocess.run([rf, "solve", scen, "--format", "json", "--set", s[0]], capture_output=True)
    proc.append((time.perf_counter() - t) * 1000)
    assert r.returncode in (0, 1), r.stderr
ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
pcpu = ((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)) * 1000 / 30
pmed = statistics.median(proc)
print("%s: /api/solve over %d changes, a new connection each: median %.1f ms, p95 %.1f ms "
      "(server CPU %.1f ms a request); one kept-alive connection: median %.1f ms, p95 %.1f ms "
      "(CPU %.1f ms); /api/view (the page's request), kept alive: median %.1f ms, p95 %.1f ms "
      "(CPU %.1f ms); one solve process (median of 30): %.1f ms (CPU %.1f ms); median ratio "
      "%.2f, kept alive %.2f (target <= 0.20; by CPU %.2f), p95 %s 50 ms; load average %.1f"
      % (scen, n, med, p95, cpu, kmed, kp95, kcpu, vmed, vp95, vcpu, pmed, pcpu, med / pmed,
         kmed / pmed, cpu / pcpu, "<" if p95 < 50 else ">=", os.getloadavg()[0]))
PY
    serve_stop
done
