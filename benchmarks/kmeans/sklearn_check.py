"""Checks a `som kmeans` run against scikit-learn (Debian: apt-get install python3-sklearn).

    som kmeans --data fashion-mnist --limit 10000 --k 10 --n-init 10 --seed 1 --out runs/km10k
    /usr/bin/python3 benchmarks/kmeans/sklearn_check.py runs/km10k 10000

Recomputes the saved centres' inertia with NumPy, starts scikit-learn's Lloyd from them (a fixed point stops at
once with the same labels), and runs scikit-learn's own k-means++ with the same k and number of starts.
"""
import gzip, json, sys, time

import numpy as np
from sklearn.cluster import KMeans

run, limit = sys.argv[1], int(sys.argv[2])
raw = gzip.open("data/fashion-mnist/train-images-idx3-ubyte.gz").read()
X = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784)[:limit].astype(np.float32) / np.float32(255)
doc = json.load(open(f"{run}/kmeans.json"))
ours = doc["results"][0]
k = ours["k"]
b = open(f"{run}/centres.som", "rb").read()
h = int.from_bytes(b[12:16], "little")
C = np.frombuffer(b, "<f4", offset=16 + h).reshape(k, X.shape[1])
d = np.stack([((X.astype(np.float64) - c.astype(np.float64)) ** 2).sum(1) for c in C], 1)
print("ours: inertia", ours["inertia"], "iterations", ours["iterations"], "| NumPy on the saved centres:", d.min(1).sum())
km = KMeans(k, init=C, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(X)
print("scikit-learn from our centres: n_iter", km.n_iter_, "inertia", km.inertia_,
      "max centre change", np.abs(km.cluster_centers_ - C).max(), "same labels", bool((km.labels_ == d.argmin(1)).all()))
t = time.time()
km = KMeans(k, init="k-means++", n_init=doc["n_init"], algorithm="lloyd", random_state=1).fit(X)
print("scikit-learn k-means++, n_init", doc["n_init"], ": inertia", km.inertia_, "n_iter", km.n_iter_, "seconds", round(time.time() - t, 2))
