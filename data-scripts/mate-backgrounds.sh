#!/usr/bin/env bash
# Sourced by get-photos.sh and get-photo-folder.sh: mate_backgrounds NAME DIR fetches Debian's mate-backgrounds
# package with apt-get download and unpacks it with dpkg-deb -x into DIR (nothing installed, no root needed), so
# its pictures lie under DIR/usr/share/backgrounds/mate/. NAME is the calling script, for its error lines.
mate_backgrounds() {
  local name=$1 dir=$2
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
    || { echo "$name: apt-get and dpkg-deb are needed (Debian or Ubuntu)" >&2; return 1; }
  (cd "$dir" && apt-get download mate-backgrounds >/dev/null 2>&1) \
    || { echo "$name: apt-get download mate-backgrounds failed: run apt-get update (as root) and try again" >&2; return 1; }
  dpkg-deb -x "$dir"/mate-backgrounds_*.deb "$dir/root"
}
