#!/usr/bin/env bash
# make-lines.sh [OUT] [SEED]: the LINES set (100 black-and-white line drawings of 16x16 pixels, 10 angles
# 0, 18, ..., 162 degrees, 10 offsets each) as 8-bit grey PNGs in class folders named by angle: OUT/train/<angle>/
# (8 per angle, 80 in all) and OUT/test/<angle>/ (2 per angle, 20 in all). OUT defaults to data/lines under the
# repository root; SEED (default 1) draws the offsets, and the same seed gives the same files. The generator is the
# small C# program in data-scripts/lines (SkiaSharp encodes the PNGs), run with dotnet run; it writes into a
# temporary folder renamed into place when complete. An OUT already holding 100 drawings is kept as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$root/data/lines}"
seed="${2:-1}"
if [[ -d "$out" ]]; then
  count=$(find "$out" -name '*.png' | wc -l)
  if [[ "$count" -eq 100 ]]; then
    echo "LINES is in $out (100 drawings; remove the folder to make it again)"
    exit 0
  fi
  echo "error: $out exists with $count PNG files: expected the 100 drawings of LINES, or no folder" >&2
  exit 2
fi
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
dotnet run --project "$here/lines/Lines.csproj" -c Release -- "$tmp" "$seed"
mv "$tmp" "$out"
trap - EXIT
echo "LINES is in $out"
