#!/bin/sh
# Installs the Debian 12 packages relocfund needs to build and test; does
# nothing when they are all present.  Run as root (or with sudo available).
# With the argument "fuzz", also clang and its runtime for libFuzzer.
set -eu
PACKAGES="cmake make gcc pkg-config libglpk-dev glpk-utils libcjson-dev libcriterion-dev time \
libxlsxwriter-dev libzip-dev libexpat1-dev libfreexl-dev unzip coinor-clp libmicrohttpd-dev"
[ "${1:-}" = fuzz ] && PACKAGES="$PACKAGES clang libclang-rt-14-dev"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "relocfund: installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
