#!/usr/bin/env python3
"""Writes what every peer of the comparison reads, once, before any timing:

  DIR/train.f32        the training samples, N x D float32 little-endian, row-major, pixels / 255 as SomGpu reads them
  DIR/train.labels     their labels, N bytes
  DIR/init.csv         the initial codebook, M rows x D columns, in SomGpu's unit order (unit j = y*W + x)
  DIR/init-kohonen.f32 the same codebook in R kohonen's unit order (README.md, "Unit order"), M x D float32 LE
  DIR/prepare.json     N, D, the map and where the samples came from

The initial codebook is M distinct training samples drawn with NumPy's PCG64 generator from --seed (with
replacement only when M > N), which is also kohonen's own default initialisation (random samples).
"""
import argparse
import gzip
import json
import os
import struct
import sys

import numpy as np


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">I", raw[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    sys.exit(f"error: {folder}: no {stem}[.gz]: expected the Fashion-MNIST files (run data-scripts/get-fashion-mnist.sh)")


def load(spec, root):
    """The training part of --data as `som train` reads it: fashion-mnist = the 60,000 training images,
    fashion-mnist:all = training then test images (70,000)."""
    name, _, part = spec.partition(":")
    if name != "fashion-mnist" or part not in ("", "all", "train"):
        sys.exit(f"error: --data {spec}: not supported by the comparison: expected fashion-mnist or fashion-mnist:all")
    folder = os.path.join(root, "data", "fashion-mnist")
    images = [read_idx(find(folder, "train-images-idx3-ubyte"))]
    labels = [read_idx(find(folder, "train-labels-idx1-ubyte"))]
    if part == "all":
        images.append(read_idx(find(folder, "t10k-images-idx3-ubyte")))
        labels.append(read_idx(find(folder, "t10k-labels-idx1-ubyte")))
    x = np.concatenate([i.reshape(i.shape[0], -1) for i in images])
    y = np.concatenate(labels)
    return x, y


def kohonen_order(width, height, topology):
    """order[k] = the SomGpu unit of kohonen's unit k (README.md, "Unit order").

    kohonen numbers units as expand.grid(x = 1:W, y = 1:H), x fastest: k = r*W + c, the same row-major order as
    SomGpu. Rectangular maps are then the same map. On hexagonal maps kohonen shifts rows r = 0, 2, 4, ... (its
    1-based odd rows) half a unit right, SomGpu rows 1, 3, 5, ...: mirroring the columns (c -> W-1-c) turns one
    layout into the other for every W and H, with every grid distance kept."""
    k = np.arange(width * height)
    r, c = k // width, k % width
    return r * width + (width - 1 - c) if topology == "hex" else k


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--limit", type=int)
    p.add_argument("--map", required=True)
    p.add_argument("--topology", choices=("hex", "rect"), required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--root", default=".")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    try:
        width, height = (int(v) for v in a.map.lower().split("x"))
        if width < 1 or height < 1:
            raise ValueError
    except ValueError:
        sys.exit(f"error: --map {a.map}: expected WIDTHxHEIGHT with both at least 1 (e.g. 32x32)")
    x, y = load(a.data, a.root)
    if a.limit is not None:
        if a.limit < 1:
            sys.exit(f"error: --limit {a.limit}: expected 1 or more")
        x, y = x[:a.limit], y[:a.limit]
    n, d = x.shape
    samples = x.astype(np.float32) / np.float32(255)    # correctly rounded, as SomGpu's readers
    os.makedirs(a.out, exist_ok=True)
    samples.astype("<f4").tofile(os.path.join(a.out, "train.f32"))
    y.astype(np.uint8).tofile(os.path.join(a.out, "train.labels"))

    m = width * height
    rng = np.random.Generator(np.random.PCG64(a.seed))
    chosen = rng.choice(n, size=m, replace=m > n)
    init = samples[chosen]
    # %.9g round-trips every float32.
    np.savetxt(os.path.join(a.out, "init.csv"), init, fmt="%.9g", delimiter=",")
    order = kohonen_order(width, height, a.topology)
    init[order].astype("<f4").tofile(os.path.join(a.out, "init-kohonen.f32"))
    with open(os.path.join(a.out, "prepare.json"), "w") as f:
        json.dump({"data": a.data, "limit": a.limit, "samples": int(n), "features": int(d), "width": width,
                   "height": height, "topology": a.topology, "seed": a.seed, "init": "samples (PCG64)"}, f, indent=2)
    print(f"prepare: {n} samples x {d} features, {width}x{height} {a.topology} initial codebook -> {a.out}")


if __name__ == "__main__":
    main()
