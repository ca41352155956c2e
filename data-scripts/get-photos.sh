#!/usr/bin/env bash
# get-photos.sh [DIR]: two pictures for som quantize, from Debian's mate-backgrounds package (GPL-2+; authors
# in the package's copyright file): nature/LadyBird.jpg (a photograph, 2560x1600, 4.1 megapixels) and
# abstract/Elephants_5640x3172.jpg (a painting, 17.9 megapixels), into DIR (default data/photos under the repository root).
# The package is fetched with apt-get download and unpacked with dpkg-deb -x, so nothing is installed and root is
# not needed; when apt has no package lists yet, run apt-get update first (as root). Each file is checked against
# its SHA-256. Running it again with good files in place only verifies them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/mate-backgrounds.sh"
out="${1:-$(cd "$here/.." && pwd)/data/photos}"
declare -A want=(
  [LadyBird.jpg]="usr/share/backgrounds/mate/nature/LadyBird.jpg e35a9a4126ef969c90b29c038058c5a575a20eadd84106a37bf1fa9931e7b61d"
  [Elephants_5640x3172.jpg]="usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg 7ab602cd55aedd107743973353e58771860d1a74a0cd0701e8351096535edde8"
)
good() { [[ -f "$out/$1" ]] && [[ "$(sha256sum "$out/$1" | cut -d' ' -f1)" == "${want[$1]#* }" ]]; }
missing=()
for name in "${!want[@]}"; do good "$name" || missing+=("$name"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  mate_backgrounds get-photos "$tmp" || { echo "get-photos: or put any photo in $out" >&2; exit 1; }
  mkdir -p "$out"
  for name in "${missing[@]}"; do
    cp "$tmp/root/${want[$name]%% *}" "$out/$name.part"
    mv "$out/$name.part" "$out/$name"
    good "$name" || { rm -f "$out/$name"; echo "get-photos: $name does not match its SHA-256: removed" >&2; exit 1; }
  done
fi
echo "photos: LadyBird.jpg and Elephants_5640x3172.jpg in $out"
