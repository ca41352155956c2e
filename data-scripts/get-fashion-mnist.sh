#!/usr/bin/env bash
# Puts the four Fashion-MNIST files (IDX, gzip) into data/fashion-mnist/ under the repository root, or into the
# directory given as $1, and checks each against its SHA-256. Sources, in order: files already there, the Debian
# package dataset-fashion-mnist (installed with apt-get when running as root), the official download site.
# Re-running with good files in place only verifies them.
#
# Environment (optional): FASHION_MNIST_URL, a mirror holding the four files (default: the official site);
# FASHION_MNIST_SYSTEM_DIR, where the package keeps them (default: /usr/share/datasets/fashion-mnist).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo_root/data/fashion-mnist}"
system_dir="${FASHION_MNIST_SYSTEM_DIR:-/usr/share/datasets/fashion-mnist}"
base_url="${FASHION_MNIST_URL:-http://fashion-mnist.s3-website.eu-central-1.amazonaws.com}"

# The official files; their MD5s are the ones published in the Fashion-MNIST repository.
declare -A sha256=(
  [t10k-images-idx3-ubyte.gz]=cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa
  [t10k-labels-idx1-ubyte.gz]=8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05
  [train-images-idx3-ubyte.gz]=b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7
  [train-labels-idx1-ubyte.gz]=0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056
)
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

die() { echo "get-fashion-mnist: $*" >&2; exit 1; }
note() { echo "get-fashion-mnist: $*" >&2; }

sum_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null; then shasum -a 256 "$1" | cut -d' ' -f1
  else die "neither sha256sum nor shasum found: cannot verify the files"
  fi
}

is_good() { [[ -f "$1" && "$(sum_of "$1")" == "${sha256[$(basename "$1")]}" ]]; }

mkdir -p "$dest"
# A download cut short leaves a .part file; never let one linger or pass for data.
trap 'rm -f "$dest"/*.part' EXIT

missing=()
for f in "${files[@]}"; do
  if [[ -e "$dest/$f" ]]; then
    if is_good "$dest/$f"; then continue; fi
    note "$dest/$f: SHA-256 does not match the official file; removing it and fetching it again"
    rm -f "$dest/$f"
  fi
  missing+=("$f")
done

if ((${#missing[@]} > 0)) && [[ ! -d "$system_dir" ]] && command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
  note "installing the Debian package dataset-fashion-mnist"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be stale or absent (fresh containers): update only when the first try fails.
  apt-get install -y dataset-fashion-mnist >&2 \
    || { apt-get update >&2 && apt-get install -y dataset-fashion-mnist >&2; } \
    || note "apt-get could not install dataset-fashion-mnist; downloading instead"
fi

for f in "${missing[@]}"; do
  if is_good "$system_dir/$f"; then
    # A copy, not a link: the data stays usable if the package is removed.
    cp "$system_dir/$f" "$dest/$f.part"
  else
    note "downloading $base_url/$f"
    if command -v curl >/dev/null; then
      curl -fsSL --retry 3 -o "$dest/$f.part" "$base_url/$f" || die "download of $base_url/$f failed"
    elif command -v wget >/dev/null; then
      wget -q -O "$dest/$f.part" "$base_url/$f" || die "download of $base_url/$f failed"
    else
      die "neither curl nor wget found: install one, or the Debian package dataset-fashion-mnist"
    fi
  fi
  mv "$dest/$f.part" "$dest/$f"
  if ! is_good "$dest/$f"; then
    got="$(sum_of "$dest/$f")"
    rm -f "$dest/$f"
    die "$dest/$f: SHA-256 $got: expected ${sha256[$f]}; removed the bad file"
  fi
done

echo "Fashion-MNIST is in $dest"
