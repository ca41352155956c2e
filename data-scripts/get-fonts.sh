#!/usr/bin/env bash
# Makes sure DejaVu Sans (regular and bold) is here: the pictures load it from its TTF files, since SkiaSharp's
# dependency-free Linux assets have no fontconfig. Installs Debian's fonts-dejavu-core with apt-get when run as
# root and the files are missing. Prints one line saying where the font is; exits 1 when it cannot be found.
set -euo pipefail

font_dir="${SOMGPU_FONT_DIR:-/usr/share/fonts/truetype/dejavu}"
have_font() { [ -f "$font_dir/DejaVuSans.ttf" ] && [ -f "$font_dir/DejaVuSans-Bold.ttf" ]; }

if ! have_font && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y fonts-dejavu-core >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y fonts-dejavu-core >/dev/null 2>&1; } || true
fi
if ! have_font; then
  echo "get-fonts: DejaVu Sans not found in $font_dir: install fonts-dejavu-core (or set SOMGPU_FONT_DIR to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf)" >&2
  exit 1
fi
echo "font: DejaVu Sans in $font_dir"
