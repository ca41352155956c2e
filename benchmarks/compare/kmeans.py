#!/usr/bin/env python3
"""scikit-learn's KMeans on the samples prepare.py wrote (k-means++, one start, Lloyd), for the k-means rows of
the comparison: writes OUT_DIR/kmeans.json (inertia, seconds of fit() alone, iterations) and OUT_DIR/centres.f32 (K x D float32).

  kmeans.py DATA_DIR K SEED OUT_DIR
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

if len(sys.argv) != 5:
    sys.exit("usage: kmeans.py DATA_DIR K SEED OUT_DIR")
data, k, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with open(os.path.join(data, "prepare.json")) as f:
    meta = json.load(f)
n, d = meta["samples"], meta["features"]
x = np.fromfile(os.path.join(data, "train.f32"), dtype="<f4").reshape(n, d)
model = KMeans(n_clusters=k, init="k-means++", n_init=1, algorithm="lloyd", random_state=seed)
start = time.perf_counter()
model.fit(x)
seconds = time.perf_counter() - start
os.makedirs(out, exist_ok=True)
model.cluster_centers_.astype("<f4").tofile(os.path.join(out, "centres.f32"))
import sklearn
with open(os.path.join(out, "kmeans.json"), "w") as f:
    json.dump({"peer": f"scikit-learn {sklearn.__version__} KMeans", "k": k, "inertia": float(model.inertia_),
               "iterations": int(model.n_iter_), "fit_seconds": seconds}, f, indent=2)
print(f"sklearn KMeans k={k}: inertia {model.inertia_:.6g}, {model.n_iter_} iterations, {seconds:.2f} s")
