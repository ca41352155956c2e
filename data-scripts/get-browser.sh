#!/usr/bin/env bash
# Makes sure Debian's chromium is here: the report test (tests/Som.Tests/Rendering) opens report.html in it,
# headless, through Microsoft.Playwright with the system browser as its executable (Playwright downloads no browser).
# Installs the package with apt-get when run as root and the browser is missing. Safe to run again: with the browser
# in place it only prints where it is. Exits 1 with a one-line reason when the browser cannot be had.
set -euo pipefail

browser="${SOMGPU_CHROMIUM:-/usr/lib/chromium/chromium}"
die() { echo "get-browser: $*" >&2; exit 1; }

if [ ! -x "$browser" ]; then
  command -v apt-get >/dev/null \
    || die "$browser not found and apt-get is missing: install Chromium by hand (or set SOMGPU_CHROMIUM to its binary)"
  [ "$(id -u)" -eq 0 ] \
    || die "$browser not found: run 'apt-get install -y chromium' as root (or set SOMGPU_CHROMIUM to its binary)"
  apt-get install -y chromium >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y chromium >/dev/null 2>&1; } \
    || die "apt-get install -y chromium failed"
  [ -x "$browser" ] || die "chromium installed but $browser is missing (set SOMGPU_CHROMIUM to its binary)"
fi
echo "browser: $("$browser" --version 2>/dev/null || echo chromium) at $browser"
