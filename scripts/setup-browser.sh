#!/bin/sh
# Installs Debian's headless-capable Chromium for the HTML report check
# (tests/test_html_browser.c).  Optional: when it cannot be installed (no
# network, not root and no sudo), it says so and exits 0, and the browser
# test skips itself with a message.  Set RELOCFUND_NO_BROWSER=1 to skip.
set -u
[ "${RELOCFUND_NO_BROWSER:-0}" = 1 ] && exit 0
command -v chromium >/dev/null 2>&1 && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "relocfund: chromium is not installed and this is not root; the HTML browser test will be skipped" >&2
        exit 0
    fi
fi
echo "relocfund: installing chromium for the HTML report check (optional)" >&2
if ! { $SUDO apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
           chromium fonts-noto-cjk; }; then
    echo "relocfund: could not install chromium; the HTML browser test will be skipped" >&2
fi
exit 0
