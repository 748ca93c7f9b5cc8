#!/bin/sh
# Make sure the browser tests can run: Debian's chromium (driven by Playwright for Python
# through executable_path, so `playwright install` is never needed) and CJK fonts for the
# screenshots. Installs only when /usr/bin/chromium is missing and we are root; otherwise
# it says what is missing and leaves the decision to the tests (they fail with a message).
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: /usr/bin/chromium is missing; install it with: sudo apt-get install chromium fonts-noto-cjk" >&2
    exit 0
fi
echo "ensure-browser: installing chromium and fonts-noto-cjk with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
