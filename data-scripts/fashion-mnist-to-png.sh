#!/usr/bin/env bash
# Writes Fashion-MNIST as a folder of PNG images, one sub-folder per class named by the class name ("T-shirt/top" is
# written T-shirt_top), for `som ... --data OUT`. Each image is an 8-bit grey PNG holding the IDX pixels exactly,
# named by its index in the IDX file, zero-padded (00000.png, 00001.png, ...), so that inside a class folder the
# ordinal file order is the IDX order.
#
# Usage: fashion-mnist-to-png.sh [--limit N] [--part train|test] [--from DIR] [OUT]
#   OUT      where to write (default data/fashion-mnist-png under the repository root); must not exist yet
#   --limit  only the first N images of the part (default all)
#   --part   train (default, 60,000 images) or test (10,000)
#   --from   the folder holding the IDX .gz files (default data/fashion-mnist; get-fashion-mnist.sh puts them there)
# Needs python3 (standard library only).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
limit=""
part="train"
from="$repo_root/data/fashion-mnist"
out=""
die() { echo "fashion-mnist-to-png: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) [ $# -ge 2 ] || die "--limit needs a number"; limit="$2"; shift 2 ;;
    --part) [ $# -ge 2 ] || die "--part needs train or test"; part="$2"; shift 2 ;;
    --from) [ $# -ge 2 ] || die "--from needs a folder"; from="$2"; shift 2 ;;
    -*) die "unknown option '$1': expected --limit N, --part train|test, --from DIR or OUT" ;;
    *) [ -z "$out" ] || die "two output folders given ('$out', '$1'): expected one"; out="$1"; shift ;;
  esac
done
out="${out:-$repo_root/data/fashion-mnist-png}"
case "$part" in train) prefix=train ;; test) prefix=t10k ;; *) die "--part '$part': expected train or test" ;; esac
if [ -n "$limit" ] && ! [[ "$limit" =~ ^[1-9][0-9]*$ ]]; then die "--limit '$limit': expected an integer >= 1"; fi
[ ! -e "$out" ] || die "$out already exists: expected a new folder"
command -v python3 >/dev/null || die "python3 not found: expected it on PATH"

images="$from/$prefix-images-idx3-ubyte.gz"
labels="$from/$prefix-labels-idx1-ubyte.gz"
[ -f "$images" ] || die "$images: file not found: run data-scripts/get-fashion-mnist.sh first"
[ -f "$labels" ] || die "$labels: file not found: run data-scripts/get-fashion-mnist.sh first"

# Written beside OUT and renamed into place at the end, so that a failed run leaves nothing half-written.
tmp="$out.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
python3 - "$images" "$labels" "$tmp" "${limit:-0}" <<'PY'
import gzip, os, struct, sys, zlib

images, labels, out, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
names = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def png(width, height, pixels):
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))  # filter 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")

with gzip.open(images, "rb") as f, gzip.open(labels, "rb") as g:
    magic, count, height, width = struct.unpack(">IIII", f.read(16))
    lmagic, lcount = struct.unpack(">II", g.read(8))
    if magic != 0x803 or lmagic != 0x801 or count != lcount:
        sys.exit(f"fashion-mnist-to-png: {images}: not a matching IDX images/labels pair")
    n = min(count, limit) if limit > 0 else count
    for name in names:
        os.makedirs(os.path.join(out, name))
    size = width * height
    for i in range(n):
        pixels = f.read(size)
        label = g.read(1)[0]
        with open(os.path.join(out, names[label], f"{i:05d}.png"), "wb") as w:
            w.write(png(width, height, pixels))
print(f"fashion-mnist-to-png: {n} images of {width}x{height} in {len(names)} class folders")
PY
mv "$tmp" "$out"
trap - EXIT
echo "fashion-mnist-to-png: wrote $out"
