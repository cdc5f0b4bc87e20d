#!/bin/sh
# Installs Debian's headless-capable Chromium for the HTML report check
# (tests/test_html_browser.c), and Node with puppeteer-core (from npm, into
# tests/browser/node_modules) for the check of relocfund serve's page
# (tests/test_serve_browser.c).  Optional: when they cannot be installed (no
# network, not root and no sudo), it says so and exits 0, and the browser
# tests skip themselves with a message.  Set RELOCFUND_NO_BROWSER=1 to skip.
set -u
[ "${RELOCFUND_NO_BROWSER:-0}" = 1 ] && exit 0
here=$(cd "$(dirname "$0")/.." && pwd)
install_puppeteer() {
    [ -d "$here/tests/browser/node_modules/puppeteer-core" ] && return 0
    command -v npm >/dev/null 2>&1 || { echo "relocfund: npm is not installed; the serve page's browser test will be skipped" >&2; return 0; }
    echo "relocfund: installing puppeteer-core (npm) for the serve page's browser test (optional)" >&2
    (cd "$here/tests/browser" && npm install --no-audit --no-fund --silent) ||
        echo "relocfund: could not install puppeteer-core; the serve page's browser test will be skipped" >&2
}
if command -v chromium >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    install_puppeteer
    exit 0
fi
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
command -v node >/dev/null 2>&1 ||
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm ||
    echo "relocfund: could not install node; the serve page's browser test will be skipped" >&2
install_puppeteer
exit 0
