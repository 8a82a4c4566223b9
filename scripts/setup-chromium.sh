#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (issue 4) when it is missing.
# playwright-core drives it by executablePath; nothing is downloaded from a CDN.
# CHROMIUM_PATH points the tests at another binary and skips the install.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium is missing and apt-get is not available: install chromium, or set CHROMIUM_PATH" >&2
  exit 1
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    SUDO='sudo'
  else
    echo "chromium is missing: run 'apt-get install -y chromium' as root" >&2
    exit 1
  fi
fi
echo 'Installing chromium for the browser tests (apt-get)...'
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
"$CHROMIUM" --version
