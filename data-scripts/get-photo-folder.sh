#!/usr/bin/env bash
# get-photo-folder.sh [DIR]: a labelled folder of colour pictures for `som train --data DIR --color rgb`, from
# Debian's mate-backgrounds package (GPL-2+; authors in the package's copyright file): DIR/nature/ (12 photographs
# of plants, insects, water and landscapes) and DIR/abstract/ (one painting, Elephants, at three sizes), the folder name being the label.
# DIR defaults to data/photo-folder under the repository root. The package is fetched with apt-get download and
# unpacked with dpkg-deb -x, so nothing is installed and root is not needed (run apt-get update first, as root,
# when apt has no package lists yet). Running it again with the folder in place only counts the files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/mate-backgrounds.sh"
out="${1:-$(cd "$here/.." && pwd)/data/photo-folder}"
if [[ -d "$out/nature" && -d "$out/abstract" ]]; then
  echo "photo folder: $(find "$out" -name '*.jpg' | wc -l) pictures in $out"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mate_backgrounds get-photo-folder "$tmp" || { echo "get-photo-folder: or make DIR/<class>/*.jpg yourself" >&2; exit 1; }
# Written beside DIR and renamed into place, so a failed run leaves no half folder.
part="$out.part"
rm -rf "$part"
for class in nature abstract; do
  mkdir -p "$part/$class"
  cp "$tmp/root/usr/share/backgrounds/mate/$class/"*.jpg "$part/$class/"
done
mkdir -p "$(dirname "$out")"
mv "$part" "$out"
echo "photo folder: $(find "$out" -name '*.jpg' | wc -l) pictures in $out"
