#!/bin/sh
# Installs what the browser tests (ConsoleBrowserIT) need: Debian's Chromium and ChromeDriver, at
# /usr/bin/chromium and /usr/bin/chromedriver. Idempotent: does nothing when both are there.
# Run by `mvn verify` before the integration tests; skip it with -Dbrowser.setup.skip=true (the
# browser tests are then skipped when no Chromium is found, the other tests run as usual).
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-browser: Chromium or ChromeDriver is missing and this is not root." >&2
  echo "  Install them with: sudo apt-get install -y chromium chromium-driver" >&2
  echo "  (the browser tests are skipped until then)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: no apt-get here; install Chromium and ChromeDriver at /usr/bin yourself" >&2
  echo "  (the browser tests are skipped until then)" >&2
  exit 0
fi
echo "setup-browser: installing chromium and chromium-driver with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends chromium chromium-driver \
  || { apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver; }
