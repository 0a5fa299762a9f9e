#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (CI runs as root).
# Playwright's own browser download cannot work offline; playwright-core drives this one.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "install-chromium: cannot install Chromium here (needs root and apt-get); the browser tests will fail in CI." >&2
  exit 1
fi
echo "install-chromium: apt-get install chromium…" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
